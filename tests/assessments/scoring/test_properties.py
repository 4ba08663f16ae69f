"""Properties that hold for any answers and any evidence."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.rubric.loader import get_rubric
from assessments.rubric.types import EvidenceResult
from assessments.scoring import score
from assessments.scoring.combine import PASSING

RUBRIC = get_rubric()
SCORED = [q for q in RUBRIC.questions if not q.context]
TELEMETRY = [c.id for c in RUBRIC.capabilities if c.telemetry]

answers_st = st.fixed_dictionaries(
    {"context_serving_mode": st.sampled_from(["batch", "online", "both"])},
    optional={q.id: st.sampled_from([o.id for o in q.options]) for q in SCORED},
)
evidence_st = st.dictionaries(
    st.sampled_from(TELEMETRY),
    st.sampled_from(["met", "not_met", "insufficient"]).map(lambda s: EvidenceResult(s)),  # type: ignore[arg-type]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(answers_st, max_size=3), evidence_st, st.sampled_from(TELEMETRY))
def test_telemetry_showing_a_practice_met_never_lowers_a_level(responses, evidence, capability):
    before = score(RUBRIC, responses, evidence)
    after = score(RUBRIC, responses, {**evidence, capability: EvidenceResult("met")})
    for fw in RUBRIC.frameworks:
        assert after.frameworks[fw].assessed_level >= before.frameworks[fw].assessed_level


@settings(max_examples=60, deadline=None)
@given(st.lists(answers_st, max_size=3), evidence_st)
def test_a_scorecard_is_always_within_bounds_and_its_blockers_really_block(responses, evidence):
    card = score(RUBRIC, responses, evidence)
    assert all(0 <= v <= 100 for v in card.aspects.values())
    for fw_id, result in card.frameworks.items():
        fw = RUBRIC.frameworks[fw_id]
        assert 0 <= result.evidence_coverage <= 1
        reached = fw.required_up_to(result.assessed_level)
        assert all(card.capabilities[c].state in PASSING for c in reached)
        if result.next_level is not None:
            assert result.progress_to_next is not None
            assert 0 <= result.progress_to_next < 1
            assert result.blocking
            assert set(result.blocking) <= set(fw.levels[result.next_level].requires)
