"""Two-sample drift statistics on one-dimensional numpy arrays.

Pure numerics, no pandas, no I/O. Every function takes the non-missing values of
one column in the reference and the current sample and returns a `TestOutcome`.
The numerical tests share one kernel (`SortedPair`): both samples sorted once
and merged with a stable argsort, so the gap between the two empirical CDFs is
a cumulative count; the Kolmogorov-Smirnov statistic is the largest gap and the
Wasserstein distance is the gap integrated over the merged support. Categorical tests work on counts
aligned over the union of categories.

Each function reproduces the scipy routine named in its docstring (the tests
check agreement): the value of this module is speed and memory on wide frames,
not different mathematics.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt
from scipy import special, stats

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# scipy's ks_2samp switches from the exact distribution to the asymptotic one
# above this sample size (method="auto"); we keep the same switch.
KS_EXACT_MAX_N = 10_000
# Evidently divides the Wasserstein distance by max(std(reference), 0.001) so
# that constant reference columns do not divide by zero.
WASSERSTEIN_MIN_NORM = 0.001


@dataclass(frozen=True)
class TestOutcome:
    """One test on one column: the statistic and, for hypothesis tests, its p-value."""

    statistic: float
    p_value: float | None = None


@dataclass(frozen=True)
class Merged:
    """Both samples merged in order, for statistics read off the two empirical CDFs.

    reference_seen[i] counts the reference values among values[: i + 1]; ends
    marks the last position of each run of equal values.
    """

    values: FloatArray
    reference_seen: IntArray
    ends: npt.NDArray[np.bool_]

    def current_seen(self) -> IntArray:
        return np.arange(1, self.values.size + 1) - self.reference_seen


@dataclass(frozen=True)
class SortedPair:
    """Both samples of a numerical column, each sorted once and shared by every numerical test."""

    reference: FloatArray
    current: FloatArray

    @classmethod
    def of(cls, reference: npt.ArrayLike, current: npt.ArrayLike) -> SortedPair:
        return cls(
            np.sort(np.asarray(reference, dtype=np.float64)),
            np.sort(np.asarray(current, dtype=np.float64)),
        )

    @cached_property
    def merged(self) -> Merged:
        both = np.concatenate([self.reference, self.current])
        # Two sorted runs: a stable argsort (timsort) merges them in linear
        # time and tells which side each value came from.
        order = np.argsort(both, kind="stable")
        values = both[order]
        reference_seen = np.cumsum(order < self.reference.size, dtype=np.int64)
        ends = np.ones(values.size, dtype=np.bool_)
        np.not_equal(values[1:], values[:-1], out=ends[:-1])
        return Merged(values, reference_seen, ends)

    def cdf_gap(self) -> FloatArray:
        """F_reference - F_current at each merged value (scipy: searchsorted(side="right") / n)."""
        merged = self.merged
        gap = merged.reference_seen / self.reference.size
        gap -= merged.current_seen() / self.current.size
        return gap

    def counts_of(self, values: FloatArray) -> tuple[FloatArray, FloatArray]:
        """How often each of `values` occurs in reference and in current."""
        return _occurrences(self.reference, values), _occurrences(self.current, values)


def distinct_sorted(values: FloatArray) -> FloatArray:
    """The distinct values of a sorted array, in one linear pass."""
    if values.size == 0:
        return values
    keep = np.empty(values.size, dtype=np.bool_)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def few_distinct(sorted_values: FloatArray, limit: int) -> FloatArray | None:
    """The distinct values of a sorted array if there are at most `limit`, else None.

    An evenly spaced probe of the sorted array is checked first: if it already
    holds more than `limit` distinct values the full pass is skipped, which is
    the common case for continuous columns.
    """
    n = sorted_values.size
    if n > 8 * (limit + 1):
        probe = sorted_values[np.linspace(0, n - 1, 4 * (limit + 1)).astype(np.int64)]
        if distinct_sorted(probe).size > limit:
            return None
    distinct = distinct_sorted(sorted_values)
    return distinct if distinct.size <= limit else None


def _occurrences(sorted_values: FloatArray, values: FloatArray) -> FloatArray:
    right = np.searchsorted(sorted_values, values, side="right")
    return (right - np.searchsorted(sorted_values, values, side="left")).astype(np.float64)


def ks_statistic(pair: SortedPair) -> float:
    """Two-sided Kolmogorov-Smirnov statistic D (scipy.stats.ks_2samp's `statistic`)."""
    return float(np.abs(pair.cdf_gap()[pair.merged.ends]).max())


def ks_test(pair: SortedPair) -> TestOutcome:
    """Two-sample two-sided KS test as scipy.stats.ks_2samp(method="auto").

    Exact null distribution when both samples have at most 10,000 values (with
    D rounded to the lattice, as scipy does), Smirnov's asymptotic one otherwise
    or when the exact computation is not representable.
    """
    n1, n2 = pair.reference.size, pair.current.size
    d = ks_statistic(pair)
    if max(n1, n2) <= KS_EXACT_MAX_N:
        exact = _ks_exact(n1, n2, d)
        if exact is not None:
            return TestOutcome(exact[0], exact[1])
    m, n = max(n1, n2), min(n1, n2)
    en = round(m * n / (m + n))
    return TestOutcome(d, float(np.clip(stats.kstwo.sf(d, en), 0.0, 1.0)))


def _ks_exact(n1: int, n2: int, d: float) -> tuple[float, float] | None:
    g = math.gcd(n1, n2)
    lcm = (n1 // g) * n2
    h = round(d * lcm)
    d = h / lcm
    if h == 0:
        return d, 1.0
    p = _prob_outside_square(n1, h) if n1 == n2 else _prob_outside_band(n1, n2, h * g)
    if not (math.isfinite(p) and 0.0 <= p <= 1.0):
        return None
    return d, p


def _prob_outside_square(n: int, h: int) -> float:
    """P(D_{n,n} >= h/n) by reflection: 2 * sum_k (-1)^(k-1) C(2n, n-kh) / C(2n, n).

    C(2n, n-m) / C(2n, n) is the product of (n-j) / (n+j+1) for j < m, so one
    cumulative product gives every term; summing from the smallest term keeps
    small p-values accurate (no 1 - x cancellation).
    """
    j = np.arange(n, dtype=np.float64)
    ratios = np.cumprod((n - j) / (n + j + 1.0))
    terms = ratios[h - 1 :: h]
    signs = np.where(np.arange(terms.size) % 2 == 0, 1.0, -1.0)
    return float(2.0 * np.sum((signs * terms)[::-1]))


def _prob_outside_band(n1: int, n2: int, width: int) -> float:
    """P(max |i/n1 - j/n2| >= d) over uniformly random lattice paths from (0,0) to (n1,n2).

    A path stays inside while every visited point has |i*n2 - j*n1| < width.
    On row i the inside points form one run [lo, hi] of j that moves right as
    i grows, and the number of inside paths reaching (i, j) is the running sum
    of the previous row over that run: one in-place cumsum per row. The answer
    is summed over the steps by which paths first leave the band (upwards off
    the left of the run, or rightwards off its end), each weighted by the
    number of ways to finish, so small p-values keep full relative precision.
    Counts are rescaled before they overflow; scales are kept in logarithms.
    """
    if n1 > n2:
        n1, n2 = n2, n1
    exits = _BandExits()
    row = np.zeros(n2 + 1)
    lo, hi = 0, min(n2, (width - 1) // n1)
    row[: hi + 1] = 1.0
    log_scale = 0.0
    for i in range(n1 + 1):
        if i > 0:
            prev_lo, prev_hi = lo, hi
            lo = max(0, (i * n2 - width) // n1 + 1)
            hi = min(n2, -((-(i * n2 + width)) // n1) - 1)
            stop = min(lo, prev_hi + 1)
            if stop > prev_lo:  # upward steps off the left of the run
                exits.add(row[prev_lo:stop].copy(), i, prev_lo, log_scale)
            if lo > hi:
                break
            row[prev_lo:lo] = 0.0
            band = row[lo : hi + 1]
            np.cumsum(band, out=band)
            if band[-1] > 1e200:
                log_scale += math.log(band[-1])
                band /= band[-1]
        if hi < n2:  # rightward step off the end of the run
            exits.add(row[hi : hi + 1].copy(), i, hi + 1, log_scale)
    return exits.probability(n1, n2)


class _BandExits:
    """Paths counts at the first step out of the band, evaluated together at the end."""

    def __init__(self) -> None:
        self.counts: list[FloatArray] = []
        self.rows: list[int] = []
        self.starts: list[int] = []
        self.scales: list[float] = []

    def add(self, counts: FloatArray, i: int, j_start: int, log_scale: float) -> None:
        self.counts.append(counts)
        self.rows.append(i)
        self.starts.append(j_start)
        self.scales.append(log_scale)

    def probability(self, n1: int, n2: int) -> float:
        if not self.counts:
            return 0.0
        sizes = np.array([c.size for c in self.counts])
        counts = np.concatenate(self.counts)
        i = np.repeat(np.array(self.rows, dtype=np.int64), sizes)
        offsets = np.arange(counts.size) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        j = np.repeat(np.array(self.starts, dtype=np.int64), sizes) + offsets
        log_scale = np.repeat(np.array(self.scales), sizes)
        # ways to finish from the exit point, over all paths from (0, 0)
        log_weight = _log_binom((n1 - i) + (n2 - j), n1 - i) - _log_binom(n1 + n2, n1)
        with np.errstate(divide="ignore"):
            mass = np.exp(np.log(counts) + log_scale + log_weight)
        return float(min(mass.sum(), 1.0))


def _log_binom(n: npt.ArrayLike, k: npt.ArrayLike) -> npt.NDArray[np.float64]:
    n_, k_ = np.asarray(n, dtype=np.float64), np.asarray(k, dtype=np.float64)
    return np.asarray(
        special.gammaln(n_ + 1) - special.gammaln(k_ + 1) - special.gammaln(n_ - k_ + 1)
    )


def wasserstein_distance(pair: SortedPair) -> float:
    """First Wasserstein distance (scipy.stats.wasserstein_distance, unweighted).

    Computed as the integral over t in (0, 1] of |Q_ref(t) - Q_cur(t)| between
    the two quantile functions, which needs only the sorted samples: for equal
    sizes it is the mean absolute difference of the sorted values; otherwise the
    breakpoints i/n1 and j/n2 of the two step functions are interleaved by
    integer arithmetic (no merge sort) and each piece weighted by its width.
    """
    a, b = pair.reference, pair.current
    n1, n2 = a.size, b.size
    if n1 == n2:
        return float(np.abs(a - b).mean())
    j = np.arange(n2, dtype=np.int64)
    # In units of 1/(n1*n2): reference breakpoints i*n2, current ones j*n1.
    # Breakpoint j*n1 comes after j current ones and after every reference
    # breakpoint i*n2 <= j*n1 (ties: reference first; zero widths are harmless).
    at_current = j + (j * n1) // n2 + 1
    points = np.empty(n1 + n2, dtype=np.int64)
    points[at_current] = j * n1
    is_reference = np.ones(n1 + n2, dtype=np.bool_)
    is_reference[at_current] = False
    points[is_reference] = np.arange(n1, dtype=np.int64) * n2
    widths = np.diff(points, append=n1 * n2)
    gaps = np.abs(a[points // n2] - b[points // n1])
    return float(np.dot(widths, gaps) / (n1 * n2))


def wasserstein_normed(pair: SortedPair) -> TestOutcome:
    """Wasserstein distance divided by max(std(reference), 0.001), as Evidently's test."""
    norm = max(float(np.std(pair.reference)), WASSERSTEIN_MIN_NORM)
    return TestOutcome(wasserstein_distance(pair) / norm)


def sturges_histograms(pair: SortedPair) -> tuple[FloatArray, FloatArray]:
    """Counts of both samples over Sturges bins spanning the pooled data (Evidently's binning)."""
    n = pair.reference.size + pair.current.size
    lo = min(pair.reference[0], pair.current[0])
    hi = max(pair.reference[-1], pair.current[-1])
    edges = np.histogram_bin_edges(np.array([lo, hi]), bins=int(np.ceil(np.log2(n)) + 1))
    return _sorted_counts(pair.reference, edges), _sorted_counts(pair.current, edges)


def _sorted_counts(values: FloatArray, edges: FloatArray) -> FloatArray:
    # np.histogram's bins are half-open except the last, which includes its right edge.
    cuts = np.searchsorted(values, edges[:-1], side="left")
    cuts = np.append(cuts, values.size)
    return np.diff(cuts).astype(np.float64)


def chi_square(reference_counts: FloatArray, current_counts: FloatArray) -> TestOutcome:
    """Goodness of fit of current counts to reference proportions (scipy.stats.chisquare).

    Expected counts are the reference counts scaled to the current total, as in
    Evidently. A category absent from the reference but present now has an
    expected count of zero: the statistic is infinite and the p-value zero.
    """
    expected = reference_counts * (current_counts.sum() / reference_counts.sum())
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(
            expected > 0, (current_counts - expected) ** 2 / expected, np.inf * current_counts
        )
    terms = np.nan_to_num(terms, nan=0.0, posinf=np.inf)
    statistic = float(terms.sum())
    dof = reference_counts.size - 1
    if dof < 1:
        return TestOutcome(statistic, 1.0)
    return TestOutcome(statistic, float(special.chdtrc(dof, statistic)))


def z_test(reference_counts: FloatArray, current_counts: FloatArray) -> TestOutcome:
    """Two-proportion pooled z-test for a binary column (Evidently's "z" test).

    The share of the first category in each sample is compared; the result is
    identical to a 2x2 chi-square test without continuity correction.
    """
    n1, n2 = reference_counts.sum(), current_counts.sum()
    p1, p2 = reference_counts[0] / n1, current_counts[0] / n2
    pooled = (reference_counts[0] + current_counts[0]) / (n1 + n2)
    variance = pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2)
    if variance <= 0.0:
        return TestOutcome(0.0, 1.0)
    z = float((p1 - p2) / math.sqrt(variance))
    return TestOutcome(z, float(math.erfc(abs(z) / math.sqrt(2.0))))


def jensen_shannon(reference_counts: FloatArray, current_counts: FloatArray) -> TestOutcome:
    """Jensen-Shannon distance in base 2 (scipy.spatial.distance.jensenshannon)."""
    p = reference_counts / reference_counts.sum()
    q = current_counts / current_counts.sum()
    m = (p + q) / 2.0
    divergence = (special.rel_entr(p, m).sum() + special.rel_entr(q, m).sum()) / 2.0
    return TestOutcome(float(np.sqrt(max(divergence, 0.0) / math.log(2.0))))


def psi(reference_counts: FloatArray, current_counts: FloatArray) -> TestOutcome:
    """Population stability index sum((r - c) * ln(r / c)) over bins or categories.

    Empty bins get a small share instead of zero, as in Evidently, so that the
    logarithm stays finite.
    """
    r = _fill_zeroes(reference_counts / reference_counts.sum())
    c = _fill_zeroes(current_counts / current_counts.sum())
    return TestOutcome(float(np.sum((r - c) * np.log(r / c))))


def _fill_zeroes(shares: FloatArray) -> FloatArray:
    positive = shares[shares > 0]
    smallest = float(positive.min())
    fill = smallest / 1e6 if smallest <= 1e-4 else 1e-4
    return np.where(shares == 0, fill, shares)
