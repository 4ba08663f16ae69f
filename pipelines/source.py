"""The shipped data set, read once per process."""

from __future__ import annotations

from functools import cache

import pandas as pd

from pipelines.workflows import data


@cache
def bike_sharing() -> pd.DataFrame:
    return data.read_source()
