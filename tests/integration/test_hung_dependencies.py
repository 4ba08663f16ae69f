"""A dependency that accepts connections and never answers, under the real web server.

`/healthz` answers 503 in time and names the dependency, pages and telemetry that
do not need it keep answering, and the web process gives up on the dependency by
itself instead of leaving threads blocked on it.
"""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.sockets import silent_listener
from tests.telemetry.helpers import event, issue
from tests.web import Answer, gunicorn, http

pytestmark = pytest.mark.integration

#: Short client timeouts, so that the test sees the web process give up in seconds.
TIMEOUTS = {
    "BROKER_CONNECT_TIMEOUT": "2",
    "BROKER_SOCKET_TIMEOUT": "2",
    "DATABASE_CONNECT_TIMEOUT": "2",
    "CACHE_TIMEOUT_MS": "500",
}
#: More /healthz requests than the server has threads, all at once.
PROBES = 6


def _healthz_many(base: str) -> list[Answer]:
    with ThreadPoolExecutor(PROBES) as pool:
        return list(pool.map(lambda _: http(f"{base}/healthz"), range(PROBES)))


def _assert_failing_in_time(answers: list[Answer], dependency: str) -> None:
    for answer in answers:
        assert answer.status == 503
        assert answer.seconds < 5, f"/healthz took {answer.seconds:.1f} s"
        checks = json.loads(answer.body)["checks"]
        assert checks[dependency] == "failing"
        assert all(v == "ok" for k, v in checks.items() if k != dependency), checks


def _send_event(base: str, secret: str) -> Answer:
    return http(
        f"{base}/api/v1/events",
        data=json.dumps(event("ci_run", 1)).encode(),
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("dependency", "variable", "url"),
    [
        ("broker", "CELERY_BROKER_URL", "redis://127.0.0.1:{port}/15"),
        ("broker", "CELERY_BROKER_URL", "amqp://guest:guest@127.0.0.1:{port}//"),
        ("cache", "CACHE_URL", "redis://127.0.0.1:{port}/15"),
    ],
    ids=["redis-broker", "amqp-broker", "redis-cache"],
)
def test_a_hung_broker_or_cache_holds_up_nothing_that_does_not_need_it(
    world, tmp_path, dependency, variable, url
):
    secret = issue(world.org).secret
    with (
        silent_listener() as hung,
        gunicorn(
            tmp_path / "web.log", **TIMEOUTS, **{variable: url.format(port=hung.port)}
        ) as base,
    ):
        _assert_failing_in_time(_healthz_many(base), dependency)
        login = http(f"{base}/accounts/login/")
        assert login.status == 200
        assert login.seconds < 5
        sent = _send_event(base, secret)
        assert sent.status == 202, sent.body
        assert sent.seconds < 5
        _assert_failing_in_time(_healthz_many(base), dependency)
        assert hung.accepted
        assert hung.all_given_up(timeout=5), "the web process still waits on the dependency"


def test_a_hung_database_fails_healthz_in_time(tmp_path):
    with silent_listener() as hung:
        database_url = f"postgres://postgres@127.0.0.1:{hung.port}/maturity"
        with gunicorn(tmp_path / "web.log", **TIMEOUTS, DATABASE_URL=database_url) as base:
            _assert_failing_in_time(_healthz_many(base), "database")
            _assert_failing_in_time(_healthz_many(base), "database")
        assert hung.accepted


def test_pages_and_their_static_files_are_served_before_collectstatic(tmp_path):
    (tmp_path / "data").mkdir()
    with gunicorn(tmp_path / "web.log", DATA_DIR=str(tmp_path / "data")) as base:
        login = http(f"{base}/accounts/login/")
        assert login.status == 200, login.body[-2000:]
        assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', login.body.decode())
        assert assets
        for asset in assets:
            assert http(f"{base}{asset}").status == 200, asset
    assert "collectstatic" in (tmp_path / "web.log").read_text()
