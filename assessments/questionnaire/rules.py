"""The questionnaire's rules, as pure functions of a rubric and a respondent's answers.

Sections, branching (which questions a respondent sees), validation of one
answer and progress. No ORM, no I/O: services, views and tests share these so
the browser, the no-JavaScript form and the API import apply the same rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assessments.rubric.answers import answer_problems, capability_of, not_applicable_allowed
from assessments.rubric.scorecard import Answers, AnswerValue, NotApplicable
from assessments.rubric.types import ASPECTS, Question, Rubric
from assessments.scoring import shown_questions

CONTEXT_SECTION = "context"
SECTION_TITLES: Mapping[str, str] = {
    CONTEXT_SECTION: "Your context",
    "people": "People",
    "model_creation": "Model creation",
    "model_release": "Model release",
    "application_integration": "Application integration",
}


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 100

    @property
    def complete(self) -> bool:
        return self.answered >= self.total


def sections(rubric: Rubric) -> tuple[Section, ...]:
    """Context questions first, then one section per aspect, in the rubric's order."""
    aspect_of = {c.id: c.aspect for c in rubric.capabilities}
    out = [Section(CONTEXT_SECTION, SECTION_TITLES[CONTEXT_SECTION], _context_questions(rubric))]
    for aspect in ASPECTS:
        questions = tuple(
            q for q in rubric.questions if not q.context and aspect_of.get(q.capability) == aspect
        )
        out.append(Section(aspect, SECTION_TITLES[aspect], questions))
    return tuple(s for s in out if s.questions)


def _context_questions(rubric: Rubric) -> tuple[Question, ...]:
    return tuple(q for q in rubric.questions if q.context)


def visible_ids(rubric: Rubric, answers: Answers) -> frozenset[str]:
    """Questions the respondent sees, by the scoring engine's own branching rule: a
    question is hidden when the question it depends on is hidden, unanswered, or
    answered with another option."""
    return frozenset(q.id for q in shown_questions(rubric, answers))


def effective_answers(rubric: Rubric, answers: Answers) -> dict[str, AnswerValue]:
    """The answers that count: those to questions the respondent still sees."""
    shown = visible_ids(rubric, answers)
    return {qid: value for qid, value in answers.items() if qid in shown}


def progress(rubric: Rubric, answers: Answers) -> Progress:
    shown = visible_ids(rubric, answers)
    return Progress(answered=sum(1 for qid in answers if qid in shown), total=len(shown))


def unanswered(rubric: Rubric, answers: Answers) -> tuple[Question, ...]:
    shown = visible_ids(rubric, answers)
    return tuple(q for q in rubric.questions if q.id in shown and q.id not in answers)


def answer_error(
    rubric: Rubric, question_id: str, value: AnswerValue, answers: Answers
) -> str | None:
    """Why this answer cannot be stored, or None: the scorer's own rules
    (`rubric.answers.answer_problems`), then branching. `answers` are the
    respondent's answers including this one, so branching is judged on the whole set."""
    problem = _text_problem(value) or answer_problems(rubric, {question_id: value}).get(question_id)
    if problem:
        return problem
    if question_id not in visible_ids(rubric, answers):
        return "This question does not apply given your other answers."
    return None


#: The longest justification kept: a few sentences, shown whole in scorecards and reports.
MAX_JUSTIFICATION = 2000


def _text_problem(value: AnswerValue) -> str | None:
    """Why the free text of an answer cannot be kept, whatever the question."""
    if not isinstance(value, NotApplicable):
        return None
    text = value.justification
    if len(text) > MAX_JUSTIFICATION:
        return f"Keep the reason to {MAX_JUSTIFICATION} characters; it has {len(text)}."
    if "\x00" in text:
        return "The reason holds a NUL character; remove it."
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return "The reason holds a character that is not valid Unicode text."
    return None


def allows_not_applicable(rubric: Rubric, question: Question) -> bool:
    """Whether the page offers not applicable: by the scorer's own rule."""
    return not_applicable_allowed(question, capability_of(rubric, question))


def answers_errors(
    rubric: Rubric, new: Mapping[str, AnswerValue], existing: Answers
) -> dict[str, list[str]]:
    """Errors by question id for a batch of new answers merged over existing ones."""
    merged = {**existing, **new}
    errors: dict[str, list[str]] = {}
    for qid, value in new.items():
        message = answer_error(rubric, qid, value, merged)
        if message:
            errors[qid] = [message]
    return errors


#: The form value of the "not applicable" choice (no option id may take it).
NOT_APPLICABLE = "__na__"


def answer_from_json(raw: object) -> AnswerValue:
    """An answer as the API and the page's script send it: an option id, or
    {"not_applicable": true, "justification": "..."}. ValueError says what is wrong."""
    if isinstance(raw, str) and raw:
        return raw
    if isinstance(raw, dict) and raw.get("not_applicable") is True:
        justification = raw.get("justification", "")
        if not isinstance(justification, str):
            raise ValueError("justification must be text.")
        return NotApplicable(justification)
    raise ValueError('Give an option id, or {"not_applicable": true, "justification": "..."}.')


def answers_from_form(data: Mapping[str, str]) -> dict[str, AnswerValue]:
    """Answers posted by the page without JavaScript: `answer-<question id>` holds an
    option id or NOT_APPLICABLE, `justification-<question id>` the reason."""
    out: dict[str, AnswerValue] = {}
    for key, value in data.items():
        if not key.startswith("answer-") or not value:
            continue
        qid = key.removeprefix("answer-")
        if value == NOT_APPLICABLE:
            out[qid] = NotApplicable(data.get(f"justification-{qid}", ""))
        else:
            out[qid] = value
    return out
