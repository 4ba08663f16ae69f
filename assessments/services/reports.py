"""Writes of the reports area: publishing a new version of the roadmap advice."""

from __future__ import annotations

from django.db import transaction

from assessments.models import AdviceSet
from assessments.reports.advice import AdviceError, parse_advice
from assessments.rubric.loader import get_rubric
from mlops_site.errors import DomainError
from tenancy.access import AnyUser


@transaction.atomic
def advice_publish(*, content: str, note: str = "", user: AnyUser | None = None) -> AdviceSet:
    """Validate the advice against the current rubric and store it as the next version.

    Raises DomainError listing every problem; nothing is stored then.
    """
    try:
        parsed = parse_advice(content, get_rubric())
    except AdviceError as exc:
        raise DomainError(str(exc), field_errors={"content": list(exc.problems)}) from None
    # Lock the table's newest row so two editors never publish the same number.
    latest = AdviceSet.objects.select_for_update().order_by("-version").first()
    number = (latest.version if latest else 0) + 1
    return AdviceSet.objects.create(
        version=number,
        name=parsed.name,
        content=content,
        note=note,
        published_by_id=user.pk if user is not None and user.is_authenticated else None,
    )
