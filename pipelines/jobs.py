"""Background jobs of the pipelines app, with progress (jobs.handlers)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from jobs import handlers as jobs
from pipelines.models import ReferencePipeline
from pipelines.services import clock


@jobs.register("pipelines.advance_clock", time_limit=3600)
def advance_clock(params: dict[str, Any], progress: jobs.Progress) -> dict[str, Any]:
    """Advance a pipeline's simulated clock to `until`, day by day, running what each
    new day triggers. Safe to redo: days already passed are not replayed."""
    pipeline_id = int(params["pipeline_id"])
    until = date.fromisoformat(params["until"])
    first = date.fromisoformat(params["from"])
    total = max(1, (until - first).days)
    started: list[int] = []
    while True:
        today = ReferencePipeline.objects.get(pk=pipeline_id).clock_date
        done = (today - first).days
        progress(int(100 * done / total), f"Simulated day {today.isoformat()} ({done} of {total})")
        if today >= min(until, clock.LAST_DAY):
            break
        started += clock.clock_advance(pipeline_id=pipeline_id, until=today + timedelta(days=1))
    return {"clock_date": today.isoformat(), "runs": started}
