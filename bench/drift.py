"""Benchmark: our drift detector beside Evidently's DataDriftPreset on the same frames.

    python bench/drift.py                      # 10k, 100k and 1M rows
    python bench/drift.py --sizes 10000,100000

For each size the same synthetic frames (20 numerical and 5 categorical
columns, a known subset drifted) are built from one seed in two child
processes: one runs `pipelines.drift.detect_drift` in this interpreter's
environment, the other runs Evidently's DataDriftPreset in its own virtualenv
(bench/.venv-evidently, created on first use with pinned versions). Each child
reports:

- time: wall-clock seconds of one detection call, after one warm-up call on a
  small frame (so one-off import and caching costs are left out on both sides);
- peak memory above the data: the child builds its frames, then resets the
  kernel's peak-RSS counter (malloc_trim, then 5 written to
  /proc/self/clear_refs), notes its RSS, runs the detection, and reads the
  peak (VmHWM); the difference is the memory the detection itself needed;
- the columns it flags as drifted, and a checksum of the frames so both sides
  are known to have seen the same data.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / "bench" / ".venv-evidently"
# Evidently 0.7.23 is the newest release with DataDriftPreset in `evidently.presets`;
# it needs pandas < 3 (it imports a helper pandas 3 removed). numpy as in requirements.txt.
EVIDENTLY_PINS = ("evidently==0.7.23", "pandas==2.3.3", "numpy==2.4.6")

NUMERIC, CATEGORICAL = 20, 5
DRIFTED = ("num_0", "num_3", "num_6", "num_9", "num_12", "cat_0", "cat_3")
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--child", choices=("ours", "evidently"), help=argparse.SUPPRESS)
    parser.add_argument("--rows", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_child(args.child, args.rows, args.seed)))
        return
    evidently_python = ensure_evidently_venv()
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",")]
    print(header())
    for rows in sizes:
        ours = spawn(sys.executable, "ours", rows, args.seed)
        theirs = spawn(str(evidently_python), "evidently", rows, args.seed)
        print(line(rows, ours, theirs), flush=True)


def ensure_evidently_venv() -> Path:
    python = VENV / "bin" / "python"
    if not python.exists():
        print(f"creating {VENV.relative_to(ROOT)} with {', '.join(EVIDENTLY_PINS)} ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        pip = [str(python), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, *EVIDENTLY_PINS], check=True)
    return python


def spawn(python: str, side: str, rows: int, seed: int) -> dict[str, Any]:
    command = [python, str(Path(__file__).resolve()), "--child", side]
    command += ["--rows", str(rows), "--seed", str(seed)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(command, check=True, capture_output=True, text=True, env=env)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# --- child side -----------------------------------------------------------------


def run_child(side: str, rows: int, seed: int) -> dict[str, Any]:
    from pipelines.synthetic import DriftAmount, make_frames

    detect = _ours() if side == "ours" else _evidently()
    amount = DriftAmount(mean_shift=0.5, scale=1.3, reweight=0.3)
    small = make_frames(rows=2_000, numeric=NUMERIC, categorical=CATEGORICAL, seed=seed + 1)
    detect(small.reference, small.current)  # warm-up
    frames = make_frames(
        rows=rows,
        numeric=NUMERIC,
        categorical=CATEGORICAL,
        drifted=DRIFTED,
        amount=amount,
        seed=seed,
    )
    del small
    gc.collect()
    baseline = _reset_peak_rss()
    start = time.perf_counter()
    drifted = detect(frames.reference, frames.current)
    elapsed = time.perf_counter() - start
    peak = _peak_rss()
    return {
        "seconds": elapsed,
        "peak_above_data_mib": (peak - baseline) / 2**20,
        "drifted": sorted(drifted),
        "truth": sorted(frames.drifted_columns),
        "checksum": _checksum(frames.reference, frames.current),
    }


def _ours() -> Any:
    from pipelines.drift import detect_drift

    def detect(reference: Any, current: Any) -> list[str]:
        return list(detect_drift(reference, current).drifted_columns)

    return detect


def _evidently() -> Any:
    from evidently import Report
    from evidently.presets import DataDriftPreset

    def detect(reference: Any, current: Any) -> list[str]:
        snapshot = Report([DataDriftPreset()]).run(current_data=current, reference_data=reference)
        return _evidently_drifted(snapshot.dict()["metrics"])

    return detect


def _evidently_drifted(metrics: list[dict[str, Any]]) -> list[str]:
    """Columns whose ValueDrift crosses its threshold, checked against DriftedColumnsCount.

    A ValueDrift value is a p-value for the hypothesis tests (drift below the
    threshold; K-S at or below, as in Evidently's ks_stattest) and a distance
    otherwise (drift at or above).
    """
    drifted, expected_count = [], None
    for metric in metrics:
        config = metric["config"]
        if config["type"].endswith("DriftedColumnsCount"):
            expected_count = int(metric["value"]["count"])
        elif config["type"].endswith("ValueDrift"):
            method, value, threshold = config["method"], metric["value"], config["threshold"]
            if "p_value" in method:
                hit = value <= threshold if method.startswith("K-S") else value < threshold
            else:
                hit = value >= threshold
            if hit:
                drifted.append(config["column"])
    if expected_count != len(drifted):
        raise RuntimeError(
            f"read {len(drifted)} drifted columns, Evidently counts {expected_count}"
        )
    return drifted


def _status_kib(field: str) -> int:
    with open("/proc/self/status") as status:
        for row in status:
            if row.startswith(field + ":"):
                return int(row.split()[1])
    raise RuntimeError(f"{field} not in /proc/self/status")


def _reset_peak_rss() -> int:
    # Hand freed heap pages (from building the frames) back to the kernel first,
    # so the baseline is the live data and the detection cannot hide its own
    # allocations in pages that happen to be resident already.
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")  # resets VmHWM to the current RSS
    return _status_kib("VmRSS") * 1024


def _peak_rss() -> int:
    return _status_kib("VmHWM") * 1024


def _checksum(*frames: Any) -> str:
    digest = hashlib.sha256()
    for frame in frames:
        for name in frame.columns:
            column = frame[name]
            data = column.to_numpy() if column.dtype.kind == "f" else column.astype(str).to_numpy()
            digest.update(name.encode())
            digest.update(data.tobytes() if data.dtype.kind == "f" else "|".join(data).encode())
    return digest.hexdigest()[:16]


# --- report -----------------------------------------------------------------------


def header() -> str:
    return (
        f"{'rows':>9} | {'ours s':>8} {'Evidently s':>11} {'speed-up':>8} | "
        f"{'ours MiB':>8} {'Evidently MiB':>13} {'share':>6} | same columns | both = truth"
    )


def line(rows: int, ours: dict[str, Any], theirs: dict[str, Any]) -> str:
    if ours["checksum"] != theirs["checksum"]:
        raise RuntimeError(f"the two sides saw different frames at {rows} rows")
    speed_up = theirs["seconds"] / ours["seconds"]
    share = ours["peak_above_data_mib"] / max(theirs["peak_above_data_mib"], 1e-9)
    same = ours["drifted"] == theirs["drifted"]
    truth = same and ours["drifted"] == ours["truth"]
    text = (
        f"{rows:>9} | {ours['seconds']:>8.3f} {theirs['seconds']:>11.2f} {speed_up:>7.0f}x | "
        f"{ours['peak_above_data_mib']:>8.1f} {theirs['peak_above_data_mib']:>13.1f} "
        f"{share:>6.1%} | {'yes' if same else 'NO':>12} | {'yes' if truth else 'no'}"
    )
    if not same:
        text += f"\n  ours: {ours['drifted']}\n  Evidently: {theirs['drifted']}"
    return text


if __name__ == "__main__":
    main()
