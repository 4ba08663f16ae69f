"""How long a team's scorecard takes with 1,000,000 events in its window, on PostgreSQL.

    python bench/scorecard.py [--runs 7] [--keep]

Creates the database `bench_scorecard` on the server of BENCH_POSTGRES
(default postgres://postgres@127.0.0.1:5432), migrates it, loads one team with
1,000,000 events over the 90-day window plus two teams of another organisation
(100,000 each) with COPY, then times the evidence rules, the scoring engine and
the delivery metrics: the first run on a new connection ("cold") and the
median of --runs further runs ("warm"). Prints the figures and EXPLAIN ANALYZE
summaries of the slowest queries, writes them to bench/results/, and drops the
database (unless --keep).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "bench_scorecard"
WINDOW_DAYS = 90
TARGET_S = 1.0
RESULTS = ROOT / "bench" / "results"


def recreate_database() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
        conn.execute(f"CREATE DATABASE {DB_NAME}")


def drop_database() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


def setup_django() -> None:
    os.environ["DATABASE_URL"] = f"{SERVER}/{DB_NAME}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mlops_site.settings")
    os.environ.setdefault("LOG_LEVEL", "warning")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def load(now: datetime) -> tuple[Any, int]:
    """The main team and how many events were loaded in all."""
    from django.db import connection

    from bench.scorecard_data import COLUMNS, Stream
    from tenancy.models import Organization, Team

    org = Organization.objects.create(slug="bench", name="Bench")
    team = Team.objects.create(organization=org, slug="main", name="Main")
    other = Organization.objects.create(slug="other", name="Other")
    streams = [Stream(org_id=org.pk, team_id=team.pk, scale=1.0, now=now, days=WINDOW_DAYS)]
    for slug in ("north", "south"):
        t = Team.objects.create(organization=other, slug=slug, name=slug.title())
        streams.append(Stream(org_id=other.pk, team_id=t.pk, scale=0.1, now=now, days=WINDOW_DAYS))
    total = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor, for COPY
        with raw.copy(f"COPY assessments_event ({COLUMNS}) FROM STDIN") as copy:
            for stream in streams:
                for row in stream.rows():
                    copy.write_row(row)
                    total += 1
        cursor.execute("VACUUM ANALYZE assessments_event")
    return team, total


@contextmanager
def timed_queries() -> Iterator[list[tuple[float, str, Any]]]:
    """Every query run inside, with its duration."""
    from django.db import connection

    log: list[tuple[float, str, Any]] = []

    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, ctx: Any) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, ctx)
        finally:
            log.append((time.perf_counter() - start, sql, params))

    with connection.execute_wrapper(wrapper):
        yield log


def scorecard(team: Any, now: datetime) -> Any:
    from assessments.evidence import evidence_for_team
    from assessments.rubric.loader import get_rubric
    from assessments.scoring import score

    rubric = get_rubric()
    evidence = evidence_for_team(team, window_days=WINDOW_DAYS, now=now, rubric=rubric)
    answers = {q.id: q.options[-1].id for q in rubric.questions if q.options and not q.context}
    return score(rubric, [answers], evidence, window_days=WINDOW_DAYS)


def scoring_only(team: Any, now: datetime) -> Callable[[], Any]:
    """The scoring engine alone, on evidence computed once beforehand."""
    from assessments.evidence import evidence_for_team
    from assessments.rubric.loader import get_rubric
    from assessments.scoring import score

    rubric = get_rubric()
    evidence = evidence_for_team(team, window_days=WINDOW_DAYS, now=now, rubric=rubric)
    answers = {q.id: q.options[-1].id for q in rubric.questions if q.options and not q.context}
    return lambda: score(rubric, [answers], evidence, window_days=WINDOW_DAYS)


def metrics(team: Any, now: datetime) -> Any:
    from assessments.evidence.metrics import team_metrics

    return team_metrics(team, window_days=WINDOW_DAYS, now=now)


def measure(fn: Callable[[], Any], runs: int) -> dict[str, Any]:
    from django.db import connection

    connection.close()  # cold: a new connection, no plans or catalog cached in the backend
    with timed_queries() as log:
        start = time.perf_counter()
        fn()
        cold = time.perf_counter() - start
    warm = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        warm.append(time.perf_counter() - start)
    return {
        "cold_s": round(cold, 4),
        "warm_median_s": round(statistics.median(warm), 4),
        "warm_min_s": round(min(warm), 4),
        "warm_max_s": round(max(warm), 4),
        "queries": len(log),
        "slowest": sorted(log, key=lambda q: q[0], reverse=True)[:5],
    }


def explain(sql: str, params: Any) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        lines = [r[0] for r in cursor.fetchall()]
    top = [ln for ln in lines if "actual time" in ln][:6]
    tail = ("Planning Time", "Execution Time", "JIT:", "  Timing:")
    return top + [ln for ln in lines if ln.startswith(tail)]


def report(name: str, figures: dict[str, Any]) -> dict[str, Any]:
    print(
        f"\n== {name}: cold {figures['cold_s'] * 1000:.0f} ms, warm median "
        f"{figures['warm_median_s'] * 1000:.0f} ms (min {figures['warm_min_s'] * 1000:.0f}, "
        f"max {figures['warm_max_s'] * 1000:.0f}), {figures['queries']} queries"
    )
    slowest = []
    for duration, sql, params in figures.pop("slowest"):
        plan = explain(sql, params)
        print(f"-- {duration * 1000:.1f} ms: {sql[:160]}...")
        for line in plan:
            print("   " + line[:150])
        slowest.append({"ms": round(duration * 1000, 1), "sql": sql, "plan": plan})
    return {**figures, "slowest": slowest}


SCORECARD = "scorecard (evidence + scoring)"
METRICS = "delivery metrics"
SCORING = "of which scoring alone"


def fresh() -> tuple[Any, int, datetime]:
    from django.utils import timezone

    now = timezone.now()
    start = time.perf_counter()
    team, total = load(now)
    print(f"Loaded {total:,} events in {time.perf_counter() - start:.0f} s")
    return team, total, now


def reuse() -> tuple[Any, int, datetime]:
    """The kept database's main team; its window ends at its latest event."""
    from django.db.models import Max

    from telemetry.models import Event
    from tenancy.models import Team

    team = Team.objects.get(organization__slug="bench", slug="main")
    now = Event.objects.filter(team=team).aggregate(m=Max("occurred_at"))["m"]
    return team, Event.objects.count(), now


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="warm runs (default 7)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse", action="store_true", help="measure a database kept by --keep, without loading"
    )
    parser.add_argument("--only", choices=("scorecard", "metrics"), help="measure one of the two")
    args = parser.parse_args()
    if not args.reuse:
        recreate_database()
    try:
        setup_django()
        team, total, now = reuse() if args.reuse else fresh()
        from telemetry.models import Event

        in_window = Event.objects.filter(team=team).count()
        print(f"Main team: {in_window:,} events in its {WINDOW_DAYS}-day window")
        results = {}
        if args.only != "metrics":
            results[SCORECARD] = report(SCORECARD, measure(lambda: scorecard(team, now), args.runs))
            results[SCORING] = report(SCORING, measure(scoring_only(team, now), args.runs))
        if args.only != "scorecard":
            results[METRICS] = report(METRICS, measure(lambda: metrics(team, now), args.runs))
        save(results, total, in_window)
        if SCORECARD not in results:
            return 0
        warm = results[SCORECARD]["warm_median_s"]
        print(f"Load average while measuring (1, 5, 15 min): {os.getloadavg()}")
        print(
            f"\nScorecard warm median {warm * 1000:.0f} ms (target {TARGET_S * 1000:.0f} ms): "
            + ("within target" if warm < TARGET_S else "OVER TARGET")
        )
        return 0 if warm < TARGET_S else 1
    finally:
        from django.db import connections

        connections.close_all()
        if not (args.keep or args.reuse):
            drop_database()


def save(results: dict[str, Any], total: int, in_window: int) -> None:
    RESULTS.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    body = {
        "when": stamp,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            # Other work on the machine slows every figure; this says how busy it was.
            "load_average_1_5_15": os.getloadavg(),
        },
        "events_loaded": total,
        "main_team_events": in_window,
        "results": results,
    }
    path = RESULTS / f"scorecard-{stamp}.json"
    path.write_text(json.dumps(body, indent=2, default=str))
    print(f"Figures written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    raise SystemExit(main())
