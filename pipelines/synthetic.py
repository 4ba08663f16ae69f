"""Synthetic reference/current frames with drift of a chosen kind and size.

For fast tests and the drift benchmark: numerical columns are normal with a
random location and spread per column; categorical columns draw from a random
distribution over a few string labels. The columns named in `drifted` change
in the current frame:

- numerical: the mean moves by `mean_shift` reference standard deviations and
  the spread is multiplied by `scale`;
- categorical: a `reweight` share of the probability mass moves onto the
  rarest category (total variation distance reweight * (1 - p_rarest)).

Everything comes from one seeded numpy Generator: the same arguments give the
same frames.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class DriftAmount:
    """How far drifted columns move; the defaults are clearly visible to every test."""

    mean_shift: float = 0.5
    scale: float = 1.0
    reweight: float = 0.3


@dataclass(frozen=True)
class SyntheticFrames:
    """The two frames and the ground truth: which columns were made to drift."""

    reference: pd.DataFrame
    current: pd.DataFrame
    drifted_columns: tuple[str, ...]


def column_names(numeric: int, categorical: int) -> tuple[str, ...]:
    """num_0 .. num_{numeric-1}, then cat_0 .. cat_{categorical-1}."""
    return tuple(f"num_{i}" for i in range(numeric)) + tuple(f"cat_{i}" for i in range(categorical))


def make_frames(
    *,
    rows: int,
    numeric: int,
    categorical: int,
    drifted: Collection[str] = (),
    amount: DriftAmount | None = None,
    current_rows: int | None = None,
    categories: int = 5,
    missing_share: float = 0.0,
    seed: int = 0,
) -> SyntheticFrames:
    """Reference and current frames of `rows` (and `current_rows`) rows.

    missing_share blanks that share of cells at random in both frames (NaN for
    numbers, None for labels) to exercise missing-value handling.
    """
    names = column_names(numeric, categorical)
    unknown = sorted(set(drifted) - set(names))
    if unknown:
        raise ValueError(f"drifted columns not generated: {unknown}")
    if rows < 0 or (current_rows is not None and current_rows < 0) or categories < 1:
        raise ValueError("row counts must be >= 0 and categories >= 1")
    amount = amount or DriftAmount()
    rng = np.random.default_rng(seed)
    n_cur = rows if current_rows is None else current_rows
    locs = rng.uniform(-5.0, 5.0, numeric)
    spreads = rng.uniform(0.5, 3.0, numeric)
    probs = rng.dirichlet(np.full(categories, 2.0), categorical)
    labels = np.array([f"c{i}" for i in range(categories)], dtype=object)
    shift = np.array([f"num_{i}" in drifted for i in range(numeric)], dtype=bool)
    reweighted = [f"cat_{i}" in drifted for i in range(categorical)]
    frames = []
    for n, is_current in ((rows, False), (n_cur, True)):
        z = rng.standard_normal((n, numeric))
        moved_locs = locs + np.where(shift & is_current, amount.mean_shift * spreads, 0.0)
        moved_spreads = spreads * np.where(shift & is_current, amount.scale, 1.0)
        data: dict[str, object] = dict(
            zip(names[:numeric], (z * moved_spreads + moved_locs).T, strict=True)
        )
        for i in range(categorical):
            p = _reweighted(probs[i], amount.reweight) if is_current and reweighted[i] else probs[i]
            data[f"cat_{i}"] = labels[rng.choice(categories, size=n, p=p)]
        frames.append(_with_missing(pd.DataFrame(data, columns=list(names)), missing_share, rng))
    drifted_in_order = tuple(n for n in names if n in drifted)
    return SyntheticFrames(frames[0], frames[1], drifted_in_order)


def _reweighted(p: np.ndarray, share: float) -> np.ndarray:
    target = np.zeros_like(p)
    target[np.argmin(p)] = 1.0
    return (1.0 - share) * p + share * target


def _with_missing(frame: pd.DataFrame, share: float, rng: np.random.Generator) -> pd.DataFrame:
    if share <= 0.0:
        return frame
    for name in frame.columns:
        blank = rng.random(len(frame)) < share
        column = frame[name].astype(object) if frame[name].dtype == object else frame[name].copy()
        column[blank] = np.nan if column.dtype != object else None
        frame[name] = column
    return frame
