"""Ingestion: the bike-sharing data up to the simulated day, with its data version."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

SOURCE = Path(__file__).resolve().parent.parent / "data" / "bike_sharing_hourly.csv"

TARGET = "cnt"
DATE_COLUMN = "dteday"
CATEGORICAL = ("season", "holiday", "weekday", "workingday", "weathersit")
NUMERICAL = ("hr", "temp", "atemp", "hum", "windspeed")
#: Columns and kinds every ingested frame must have; anything else is a schema anomaly.
SCHEMA: dict[str, str] = {
    DATE_COLUMN: "date",
    **dict.fromkeys(CATEGORICAL, "category"),
    **dict.fromkeys(NUMERICAL, "number"),
    "casual": "number",
    "registered": "number",
    TARGET: "number",
}
#: Plausible ranges of the numerical columns (natural units of this copy of the data).
RANGES: dict[str, tuple[float, float]] = {
    "hr": (0, 23),
    "temp": (-20, 50),
    "atemp": (-25, 60),
    "hum": (0, 100),
    "windspeed": (0, 70),
    TARGET: (0, 5000),
}


class Fault:
    """Faults a person may inject into the data that arrives next (demonstrations)."""

    NONE = "none"
    DRIFT = "drift"
    SCHEMA_BREAK = "schema_break"


@dataclass(frozen=True)
class Ingested:
    """The data known on the simulated day, and what identifies it."""

    frame: pd.DataFrame
    data_version: str
    rows: int
    first_day: date
    last_day: date


def read_source(path: Path = SOURCE) -> pd.DataFrame:
    frame = pd.read_csv(path)
    frame[DATE_COLUMN] = pd.to_datetime(frame[DATE_COLUMN]).dt.date
    return frame


def data_version(frame: pd.DataFrame) -> str:
    """A content hash: the same rows and values give the same version, anything else not."""
    digest = hashlib.sha256(",".join(map(str, frame.columns)).encode())
    digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()[:16]


def ingest(
    source: pd.DataFrame, *, until: date, fault: str = Fault.NONE, fault_days: int = 7
) -> Ingested:
    """Rows up to and including `until`; a fault alters the last `fault_days` days."""
    frame = source[source[DATE_COLUMN] <= until].reset_index(drop=True)
    if frame.empty:
        raise ValueError(f"No data on or before {until.isoformat()}.")
    frame = apply_fault(frame, fault=fault, since=until - timedelta(days=fault_days - 1))
    return Ingested(
        frame=frame,
        data_version=data_version(frame),
        rows=len(frame),
        first_day=frame[DATE_COLUMN].min(),
        last_day=frame[DATE_COLUMN].max(),
    )


def apply_fault(frame: pd.DataFrame, *, fault: str, since: date) -> pd.DataFrame:
    """Drift: the new days look like a heat wave with strong wind. Schema break: an
    upstream rename of `temp` and humidity sent as text."""
    if fault == Fault.NONE:
        return frame
    frame = frame.copy()
    if fault == Fault.DRIFT:
        recent = frame[DATE_COLUMN] >= since
        frame.loc[recent, "temp"] = frame.loc[recent, "temp"] + 12.0
        frame.loc[recent, "atemp"] = frame.loc[recent, "atemp"] + 14.0
        frame.loc[recent, "windspeed"] = frame.loc[recent, "windspeed"] * 2.5
        return frame
    if fault == Fault.SCHEMA_BREAK:
        frame = frame.rename(columns={"temp": "temperature"})
        frame["hum"] = frame["hum"].astype(str) + "%"
        return frame
    raise ValueError(f"Unknown fault {fault!r}.")


def days_between(frame: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    """Rows with start <= day <= end."""
    days = frame[DATE_COLUMN]
    return frame[(days >= start) & (days <= end)].reset_index(drop=True)


def split_by_days(frame: pd.DataFrame, *, last_days: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(older rows, rows of the last `last_days` days): a time-ordered split, never shuffled."""
    cut = frame[DATE_COLUMN].max() - timedelta(days=last_days - 1)
    recent = np.asarray(frame[DATE_COLUMN] >= cut)
    return frame[~recent].reset_index(drop=True), frame[recent].reset_index(drop=True)


def drift_columns(reference: pd.DataFrame, current: pd.DataFrame) -> list[str]:
    """The features tested for drift (numerical, then categorical) that both frames hold."""
    return [c for c in (*NUMERICAL, *CATEGORICAL) if c in reference and c in current]
