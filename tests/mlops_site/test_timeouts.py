"""Every outbound call is bounded: a database, broker or cache that accepts the
connection and never answers fails the call within its configured timeout."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from unittest import mock

import kombu.exceptions
import pytest
from django.core.cache.backends.redis import RedisCache
from django.db import OperationalError, connection
from django.db.utils import ConnectionHandler
from kombu import Connection

import mlops_site.settings as site_settings
from mlops_site.env import broker_timeouts, cache_from_url
from tests import worker
from tests.mlops_site.test_settings import BASE_DIR, _manage
from tests.sockets import silent_listener


def test_a_database_that_never_answers_fails_within_its_connect_timeout(django_db_blocker):
    with silent_listener() as db, mock.patch.object(site_settings, "DATABASE_CONNECT_TIMEOUT", 2):
        config = site_settings._database(f"postgres://app@127.0.0.1:{db.port}/maturity")
        connection = ConnectionHandler({"default": config})["default"]
        started = time.monotonic()
        with django_db_blocker.unblock(), pytest.raises(OperationalError):
            connection.ensure_connection()
        assert time.monotonic() - started < 4
        assert db.accepted == 1


@pytest.mark.parametrize(
    "url", ["redis://127.0.0.1:{port}/15", "amqp://guest:guest@127.0.0.1:{port}//"]
)
def test_a_broker_that_never_answers_fails_within_its_timeouts(url):
    with silent_listener() as broker:
        options = broker_timeouts(url, connect=1, socket=1)
        started = time.monotonic()
        with (
            Connection(
                url.format(port=broker.port), connect_timeout=1, transport_options=options
            ) as conn,
            pytest.raises(kombu.exceptions.OperationalError),
        ):
            conn.ensure_connection(max_retries=0)
        assert time.monotonic() - started < 3
        assert broker.all_given_up(timeout=1)


def test_a_cache_that_never_answers_fails_within_its_timeout():
    from redis.exceptions import RedisError

    with silent_listener() as redis:
        config = cache_from_url(f"redis://127.0.0.1:{redis.port}/15", timeout=0.3)
        cache = RedisCache(config["LOCATION"], {"OPTIONS": config["OPTIONS"]})
        started = time.monotonic()
        with pytest.raises(RedisError):
            cache.set("probe", 1)
        assert time.monotonic() - started < 1.5


def test_the_timeouts_come_from_the_environment(tmp_path):
    code = (
        "import json; from django.conf import settings as s; print(json.dumps(["
        "s.DATABASES['default']['OPTIONS'], s.CELERY_BROKER_TRANSPORT_OPTIONS,"
        "s.CELERY_BROKER_CONNECTION_TIMEOUT, s.CACHES['default']['OPTIONS']]))"
    )
    result = _manage(
        ["shell", "-c", code], DEBUG="true", DATA_DIR=str(tmp_path),
        DATABASE_URL="postgres://app@db.example.com:5432/maturity",
        CELERY_BROKER_URL="redis://broker.example.com:6379/0",
        CACHE_URL="redis://cache.example.com:6379/1",
        DATABASE_CONNECT_TIMEOUT="7", BROKER_CONNECT_TIMEOUT="3", BROKER_SOCKET_TIMEOUT="9",
        CACHE_TIMEOUT_MS="250",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    database, broker, broker_connect, cache = json.loads(result.stdout.strip().splitlines()[-1])
    assert database["connect_timeout"] == 7
    assert broker["socket_connect_timeout"] == 3
    assert broker["socket_timeout"] == 9
    assert broker["visibility_timeout"] == 3600
    assert broker_connect == 3
    assert cache == {"socket_connect_timeout": 0.25, "socket_timeout": 0.25}


def test_amqp_reads_and_writes_are_bounded_too():
    assert broker_timeouts("amqp://guest@rabbit//", connect=5, socket=10) == {
        "read_timeout": 10,
        "write_timeout": 10,
    }
    assert broker_timeouts("filesystem://", connect=5, socket=10) == {}


_SLEEP = """
{entry}
from django.db import OperationalError, connection
with connection.cursor() as cursor:
    cursor.execute("SHOW statement_timeout")
    print(cursor.fetchone()[0])
    try:
        cursor.execute("SELECT pg_sleep(1)")
        print("finished")
    except OperationalError:
        print("cancelled")
"""


def test_only_web_processes_limit_each_statement(db):
    if connection.vendor != "postgresql":
        pytest.skip("statement_timeout is PostgreSQL's: run with DATABASE_URL=postgres://...")
    env = {**worker.app_environment(), "DATABASE_STATEMENT_TIMEOUT_MS": "300"}
    entries = {"web": "import mlops_site.wsgi", "worker": "import django; django.setup()"}
    processes = {
        name: subprocess.Popen(
            [sys.executable, "-c", _SLEEP.format(entry=entry)], cwd=BASE_DIR, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for name, entry in entries.items()
    }  # fmt: skip
    out = {name: p.communicate(timeout=120) for name, p in processes.items()}
    assert out["web"][0].split() == ["300ms", "cancelled"], out["web"][1]
    assert out["worker"][0].split() == ["0", "finished"], out["worker"][1]
