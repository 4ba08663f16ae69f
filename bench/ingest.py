"""Telemetry ingestion throughput and latency, beside MLflow's tracking server, in one run.

    python bench/ingest.py            (or: make bench-ingest)

Starts this app under gunicorn on PostgreSQL (database `bench_ingest`, created
and dropped here) and `mlflow server` (installed into bench/.venv-mlflow) on
SQLite and on PostgreSQL (`bench_mlflow`), then drives each over HTTP from
8 concurrent clients: 1000-item batches (our events, MLflow's runs/log-batch
with 1000 metrics) and single items (one event, runs/log-metric). Prints
events per second and per-request p50/p95 latency, and writes the figures
to bench/results/ingest-<time>.json. Everything it starts, it stops.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
MLFLOW_VENV = ROOT / "bench" / ".venv-mlflow"
MLFLOW_VERSION = "3.17.2"
MLFLOW_PACKAGES = [f"mlflow=={MLFLOW_VERSION}", "psycopg[binary]==3.3.9"]
RESULTS = ROOT / "bench" / "results"
PG_SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
CLIENTS = 8
WORKERS = 3


@dataclass(frozen=True)
class Figures:
    system: str
    scenario: str
    requests: int
    items: int
    seconds: float
    items_per_s: float
    p50_ms: float
    p95_ms: float
    errors: int
    #: CPU seconds the server processes and their database backends spent, per 1000 items,
    #: and the items/s that implies if the machine's cores did nothing else.
    server_cpu_ms_per_1000: float
    cpu_bound_items_per_s: int
    #: PostgreSQL's part of server_cpu_ms_per_1000.
    database_cpu_ms_per_1000: float


# --- processes and databases --------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def psql(sql: str) -> None:
    subprocess.run(
        ["psql", f"{PG_SERVER}/postgres", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql],
        check=True,
        stdout=subprocess.DEVNULL,
    )


@contextmanager
def database(name: str) -> Iterator[str]:
    psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    psql(f"CREATE DATABASE {name}")
    try:
        yield f"{PG_SERVER}/{name}"
    finally:
        psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@contextmanager
def server(command: list[str], env: dict[str, str], port: int, health: str) -> Iterator[int]:
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until_up(port, health, process, log)
            yield process.pid
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until_up(port: int, path: str, process: subprocess.Popen[bytes], log: IO[bytes]) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            sys.exit(f"server exited early:\n{log.read().decode()[-3000:]}")
        try:
            status, _ = request(port, "GET", path, None, {})
            if status < 500:
                return
        except OSError:
            pass
        time.sleep(0.5)
    sys.exit(f"server on port {port} did not answer within 180 s")


def request(
    port: int, method: str, path: str, body: bytes | None, headers: dict[str, str]
) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


# --- server CPU ---------------------------------------------------------------------------
# On a shared machine wall-clock figures move with everyone else's load; the CPU time
# the servers themselves use per item does not, so it is measured too (Linux /proc).

CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _processes() -> dict[int, tuple[int, float, bytes]]:
    """pid -> (parent pid, CPU seconds, command line)."""
    found: dict[int, tuple[int, float, bytes]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        cpu = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
        found[int(entry.name)] = (int(fields[1]), cpu, cmdline)
    return found


#: PostgreSQL's own processes that work for whichever database is being written to.
PG_BACKGROUND = (b"walwriter", b"checkpointer", b"background writer", b"autovacuum worker")


def server_cpu(root: int, database: str | None) -> dict[tuple[int, bool], float]:
    """CPU seconds of `root`, its descendants and the PostgreSQL backends of `database`
    (with the server's WAL writer, checkpointer, background writer and autovacuum
    workers, which write what those backends logged), keyed by (pid, whether it is
    PostgreSQL's)."""
    processes = _processes()
    wanted, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, (ppid, _, _) in processes.items() if ppid == parent]
        wanted.update(children)
        frontier.extend(children)
    backends = set()
    if database:
        marker = f" {database} ".encode()
        backends = {
            pid
            for pid, (_, _, cmd) in processes.items()
            if cmd.startswith(b"postgres:")
            and (marker in cmd or any(name in cmd for name in PG_BACKGROUND))
        }
    return {
        (pid, pid in backends): processes[pid][1] for pid in wanted | backends if pid in processes
    }


Probe = Callable[[], dict[tuple[int, bool], float]]


# --- load ---------------------------------------------------------------------------------


def drive(
    system: str,
    scenario: str,
    port: int,
    path: str,
    bodies: list[bytes],
    headers: dict[str, str],
    items_per_request: int,
    probe: Probe,
) -> Figures:
    """Send every body once, from CLIENTS threads each taking the next body."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    queue = iter(bodies)

    def client() -> None:
        while True:
            with lock:
                body = next(queue, None)
            if body is None:
                return
            began = time.perf_counter()
            try:
                status, answer = request(port, "POST", path, body, headers)
            except (OSError, http.client.HTTPException) as exc:
                # A server that drops the connection failed the request; keep driving it.
                status, answer = 599, repr(exc).encode()
            took = time.perf_counter() - began
            with lock:
                latencies.append(took)
                if status >= 300:
                    errors.append(f"{status} {answer[:200]!r}")

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    cpu_before = probe()
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - began
    cpu_after = probe()
    spent = {key: after - cpu_before.get(key, 0.0) for key, after in cpu_after.items()}
    cpu = sum(spent.values())
    database_cpu = sum(used for (_, is_postgres), used in spent.items() if is_postgres)
    if errors:
        print(f"  {system} {scenario}: {len(errors)} failed requests, first: {errors[0]}")
    ordered = sorted(latencies)
    items = (len(bodies) - len(errors)) * items_per_request
    cpu_bound = round(items / cpu * (os.cpu_count() or 1)) if cpu else 0
    figures = Figures(
        system=system,
        scenario=scenario,
        requests=len(bodies),
        items=items,
        seconds=round(seconds, 2),
        items_per_s=round(items / seconds),
        p50_ms=round(statistics.median(ordered) * 1000, 1),
        p95_ms=round(ordered[int(len(ordered) * 0.95) - 1] * 1000, 1),
        errors=len(errors),
        server_cpu_ms_per_1000=round(cpu / max(items, 1) * 1_000_000, 1),
        cpu_bound_items_per_s=cpu_bound,
        database_cpu_ms_per_1000=round(database_cpu / max(items, 1) * 1_000_000, 1),
    )
    print(f"  {report([figures]).splitlines()[1]}", flush=True)
    return figures


# --- this app -----------------------------------------------------------------------------


def event(number: int, run: str) -> dict[str, object]:
    return {
        "event_id": f"{run}-{number}",
        "type": "training_run",
        "occurred_at": "2026-05-04T10:30:00Z",
        "model": "fraud-classifier",
        "run_id": run,
        "pipeline": "fraud-training",
        "actor_type": "pipeline",
        "attributes": {
            "status": "succeeded",
            "trigger": "schedule",
            "params": {"max_depth": 6, "lr": 0.1},
            "metrics": {"auc": 0.91, "step": number},
            "duration_s": 12.5,
        },
    }


def app_env(database_url: str, data_dir: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DATA_DIR": data_dir,
        "SECRET_KEY": uuid.uuid4().hex * 2,
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "warning",
        # The benchmark measures capacity, not the per-token throttle.
        "TELEMETRY_RATE_PER_MINUTE": str(10**9),
    }


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


def bench_app(batches: int, singles: int) -> list[Figures]:
    with database("bench_ingest") as url, tempfile.TemporaryDirectory() as data_dir:
        env = app_env(url, data_dir)
        manage(env, "migrate", "--noinput")
        manage(env, "create_org", "bench", "--team", "fraud")
        token = manage(env, "issue_token", "bench", "--team", "fraud", "--name", "bench")
        port = free_port()
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "mlops_site.wsgi",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ]
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        with server(command, env, port, "/healthz") as pid:

            def probe() -> dict[tuple[int, bool], float]:
                return server_cpu(pid, "bench_ingest")

            warm = [json.dumps({"events": [event(n, "warm")]}).encode() for n in range(50)]
            drive("app", "warm-up", port, "/api/v1/events", warm, headers, 1, probe)
            batch_bodies = [
                json.dumps({"events": [event(n, f"b{b}") for n in range(1000)]}).encode()
                for b in range(batches)
            ]
            single_bodies = [json.dumps(event(n, "single")).encode() for n in range(singles)]
            url = "/api/v1/events"
            return [
                drive("app", "batch of 1000", port, url, batch_bodies, headers, 1000, probe),
                drive("app", "single event", port, url, single_bodies, headers, 1, probe),
            ]


# --- MLflow -------------------------------------------------------------------------------


def mlflow_ready() -> Path:
    python = MLFLOW_VENV / "bin" / "python"
    mlflow = MLFLOW_VENV / "bin" / "mlflow"
    check = (
        subprocess.run(
            [str(python), "-c", "import mlflow; print(mlflow.__version__)"],
            capture_output=True,
            text=True,
        )
        if python.exists()
        else None
    )
    if check is None or check.stdout.strip() != MLFLOW_VERSION:
        print(f"Installing mlflow {MLFLOW_VERSION} into {MLFLOW_VENV.relative_to(ROOT)} ...")
        subprocess.run([sys.executable, "-m", "venv", str(MLFLOW_VENV)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", *MLFLOW_PACKAGES], check=True
        )
    return mlflow


def mlflow_run(port: int) -> str:
    headers = {"Content-Type": "application/json"}
    name = json.dumps({"name": f"bench-{uuid.uuid4().hex[:8]}"}).encode()
    status, body = request(port, "POST", "/api/2.0/mlflow/experiments/create", name, headers)
    if status != 200:
        sys.exit(f"mlflow experiments/create: {status} {body[:300]!r}")
    experiment = json.loads(body)["experiment_id"]
    create = json.dumps({"experiment_id": experiment, "start_time": 0}).encode()
    status, body = request(port, "POST", "/api/2.0/mlflow/runs/create", create, headers)
    if status != 200:
        sys.exit(f"mlflow runs/create: {status} {body[:300]!r}")
    return str(json.loads(body)["run"]["info"]["run_id"])


def bench_mlflow(
    backend: str, store_uri: str, database: str | None, batches: int, singles: int
) -> list[Figures]:
    mlflow = mlflow_ready()
    port = free_port()
    with tempfile.TemporaryDirectory() as artifacts:
        command = [
            str(mlflow),
            "server",
            "--backend-store-uri",
            store_uri,
            "--default-artifact-root",
            artifacts,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(WORKERS),
        ]
        env = {**os.environ, "MLFLOW_LOGGING_LEVEL": "WARNING"}
        with server(command, env, port, "/health") as pid:

            def probe() -> dict[tuple[int, bool], float]:
                return server_cpu(pid, database)

            run = mlflow_run(port)
            headers = {"Content-Type": "application/json"}
            system = f"mlflow {MLFLOW_VERSION} ({backend})"

            def metric(n: int) -> dict[str, object]:
                return {
                    "key": f"m{n % 50}",
                    "value": n * 0.5,
                    "timestamp": 1_700_000_000 + n,
                    "step": n,
                }

            batch_bodies = [
                json.dumps(
                    {"run_id": run, "metrics": [metric(b * 1000 + n) for n in range(1000)]}
                ).encode()
                for b in range(batches)
            ]
            single_bodies = [
                json.dumps({"run_id": run, **metric(n)}).encode() for n in range(singles)
            ]
            batch_url, single_url = (
                "/api/2.0/mlflow/runs/log-batch",
                "/api/2.0/mlflow/runs/log-metric",
            )
            return [
                drive(system, "batch of 1000", port, batch_url, batch_bodies, headers, 1000, probe),
                drive(system, "single event", port, single_url, single_bodies, headers, 1, probe),
            ]


# --- report -------------------------------------------------------------------------------


def machine() -> dict[str, object]:
    pg = subprocess.run(
        ["psql", f"{PG_SERVER}/postgres", "-tA", "-c", "show server_version"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "postgresql": pg,
        "clients": CLIENTS,
        "server_workers": WORKERS,
        # The machine may be shared: a busy one changes every figure.
        "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
    }


def report(figures: list[Figures]) -> str:
    lines = [
        f"{'system':<36} {'scenario':<15} {'items/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'errors':>6}"
        f" {'cpu ms/1000':>11} {'of it db':>8} {'cpu-bound items/s':>17}"
    ]
    for f in figures:
        lines.append(
            f"{f.system:<36} {f.scenario:<15} {f.items_per_s:>9} {f.p50_ms:>8} {f.p95_ms:>8} "
            f"{f.errors:>6} {f.server_cpu_ms_per_1000:>11} {f.database_cpu_ms_per_1000:>8}"
            f" {f.cpu_bound_items_per_s:>17}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=300, help="1000-item batches per system")
    parser.add_argument("--singles", type=int, default=5000, help="single-item requests per system")
    parser.add_argument("--skip-mlflow", action="store_true", help="measure this app only")
    args = parser.parse_args()
    if shutil.which("psql") is None:
        sys.exit("psql is needed to create and drop the benchmark databases")
    steps: list[tuple[str, Callable[[], list[Figures]]]] = [
        ("this app on PostgreSQL", lambda: bench_app(args.batches, args.singles))
    ]
    if not args.skip_mlflow:
        steps.append(("mlflow on SQLite", lambda: _mlflow_sqlite(args.batches, args.singles)))
        steps.append(("mlflow on PostgreSQL", lambda: _mlflow_pg(args.batches, args.singles)))
    figures: list[Figures] = []
    load_before = [round(x, 2) for x in os.getloadavg()]
    for title, step in steps:
        print(f"Measuring {title} ...", flush=True)
        figures.extend(step())
    context = {**machine(), "load_average_before": load_before}
    print()
    print(", ".join(f"{k}: {v}" for k, v in context.items()))
    print(report(figures))
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"ingest-{time.strftime('%Y%m%dT%H%M%S')}.json"
    out.write_text(
        json.dumps({"machine": context, "figures": [asdict(f) for f in figures]}, indent=2)
    )
    print(f"\nwritten to {out.relative_to(ROOT)}")


def _mlflow_sqlite(batches: int, singles: int) -> list[Figures]:
    with tempfile.TemporaryDirectory() as folder:
        return bench_mlflow("SQLite", f"sqlite:///{folder}/mlflow.db", None, batches, singles)


def _mlflow_pg(batches: int, singles: int) -> list[Figures]:
    with database("bench_mlflow") as url:
        store = url.replace("postgres://", "postgresql+psycopg://", 1)
        return bench_mlflow("PostgreSQL", store, "bench_mlflow", batches, singles)


if __name__ == "__main__":
    main()
