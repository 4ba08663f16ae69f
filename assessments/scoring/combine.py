"""Claims meet evidence: the assessed state of each capability (docs/rubric.md#scoring).

- evidence met: met, whatever was claimed (an under-claim is noted);
- evidence not_met and a claim of met or partial: contradicted, counted as not met;
- evidence not_met otherwise: not met, confirmed by telemetry (a justified not
  applicable stands: telemetry showing the practice absent is what it predicts);
- evidence insufficient, or no evidence rule: the claim stands, unverified.
"""

from __future__ import annotations

from assessments.rubric.scorecard import CapabilityScore
from assessments.rubric.types import AssessedState, Capability, EvidenceResult
from assessments.scoring.claims import Claim

#: What each assessed state is worth for aspect scores and progress.
STATE_SCORE: dict[AssessedState, float] = {
    "met": 1.0,
    "partial": 0.5,
    "not_applicable": 1.0,
    "not_met": 0.0,
    "unknown": 0.0,
    "contradicted": 0.0,
}
#: States that pass a level's gate.
PASSING: frozenset[str] = frozenset({"met", "not_applicable"})


def _claim_words(claim: Claim) -> str:
    words = {"met": "met", "partial": "partly met", "not_met": "not met"}
    return words.get(claim.state, claim.state.replace("_", " "))


def _with_evidence_met(claim: Claim) -> tuple[AssessedState, str]:
    if claim.state == "met":
        return "met", "Telemetry confirms the answers."
    if claim.state == "unknown":
        return "met", "Met on telemetry alone; nobody has answered these questions yet."
    if claim.state == "not_applicable":
        return "met", "Declared not applicable, yet telemetry shows the practice in use."
    return "met", f"Under-claim: the answers say {_claim_words(claim)}, telemetry shows it met."


def _with_evidence_not_met(claim: Claim, detail: str) -> tuple[AssessedState, str]:
    why = f" ({detail})" if detail else ""
    if claim.state in ("met", "partial"):
        return "contradicted", (
            f"Contradicted: the answers say {_claim_words(claim)}, telemetry shows it missing{why}."
        )
    if claim.state == "not_applicable":
        return "not_applicable", "Declared not applicable; telemetry shows the practice absent."
    if claim.state == "unknown":
        return "not_met", f"Not met on telemetry alone{why}; nobody has answered yet."
    return "not_met", f"Telemetry confirms the answers{why}."


def _without_evidence(cap: Capability, claim: Claim, has_result: bool) -> str:
    if claim.state == "unknown":
        return "Not answered, and no telemetry shows it."
    if not cap.telemetry:
        return "Telemetry cannot show this practice; the answers stand unverified."
    if has_result:
        return "No relevant telemetry in the window; the answers stand unverified."
    return "No telemetry evaluated; the answers stand unverified."


def _extra_notes(claim: Claim) -> str:
    notes = []
    if claim.state == "not_applicable" or claim.mixed_not_applicable:
        notes.append("Not applicable because: " + "; ".join(claim.justifications) + ".")
    if claim.mixed_not_applicable:
        notes.append("Some respondents declared it not applicable; the others' scores stand.")
    if claim.disagreement and not claim.mixed_not_applicable:
        notes.append("Respondents disagree.")
    return " ".join(notes)


def assess(cap: Capability, claim: Claim, evidence: EvidenceResult | None) -> CapabilityScore:
    """The assessed state of one capability, with its provenance."""
    events: tuple[str, ...] = ()
    if evidence is not None and evidence.state == "met":
        state, note = _with_evidence_met(claim)
        events = evidence.event_ids
    elif evidence is not None and evidence.state == "not_met":
        state, note = _with_evidence_not_met(claim, evidence.detail)
        events = evidence.event_ids
    else:
        state, note = claim.state, _without_evidence(cap, claim, evidence is not None)
    verified = evidence is not None and evidence.state != "insufficient"
    unverified = not verified and claim.state != "unknown"
    extra = _extra_notes(claim)
    return CapabilityScore(
        capability=cap.id,
        state=state,
        claim=claim.state,
        claim_score=claim.score,
        evidence=evidence.state if evidence is not None else None,
        answers=claim.questions,
        events=events,
        respondent_scores=claim.respondent_scores,
        disagreement=claim.disagreement,
        unverified=unverified,
        note=f"{note} {extra}".strip(),
        score=STATE_SCORE[state],
    )
