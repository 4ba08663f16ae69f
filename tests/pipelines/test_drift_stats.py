"""Our drift statistics agree with scipy's reference implementations on the same data."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import stats as sps
from scipy.spatial.distance import jensenshannon

from pipelines.drift import stats

SIZES = [(1, 1), (5, 5), (8, 13), (50, 50), (100, 37), (300, 1000), (1000, 999), (2500, 3000)]
ASYMPTOTIC_SIZES = [(12_000, 800), (20_000, 20_000)]
SEEDS = [0, 1, 2]
# p-values: our exact lattice computation and scipy's differ by rounding only.
P_REL, P_ABS = 1e-6, 1e-10


def _samples(seed, n1, n2, *, shift=0.15, ties=False):
    rng = np.random.default_rng(seed)
    a = rng.normal(0.0, 1.0, n1)
    b = rng.normal(shift, 1.2, n2)
    if ties:
        a, b = np.round(a, 1), np.round(b, 1)
    return a, b


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("n1", "n2"), SIZES + ASYMPTOTIC_SIZES)
@pytest.mark.parametrize("ties", [False, True])
def test_ks_test_matches_scipy_ks_2samp(seed, n1, n2, ties):
    a, b = _samples(seed, n1, n2, ties=ties)
    ours = stats.ks_test(stats.SortedPair.of(a, b))
    expected = sps.ks_2samp(a, b)
    assert ours.statistic == pytest.approx(expected.statistic, rel=1e-12, abs=1e-15)
    assert ours.p_value == pytest.approx(expected.pvalue, rel=P_REL, abs=P_ABS)


@pytest.mark.parametrize(("n1", "n2"), [(200, 200), (150, 400)])
def test_ks_test_matches_scipy_for_tiny_p_values(n1, n2):
    a, b = _samples(3, n1, n2, shift=1.5)
    ours = stats.ks_test(stats.SortedPair.of(a, b))
    expected = sps.ks_2samp(a, b)
    assert ours.p_value is not None
    assert ours.p_value < 1e-20
    assert ours.p_value == pytest.approx(expected.pvalue, rel=1e-9)


def test_ks_test_of_identical_samples_has_p_value_one():
    a = np.arange(10.0)
    assert stats.ks_test(stats.SortedPair.of(a, a)) == stats.TestOutcome(0.0, 1.0)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("n1", "n2"), [*SIZES, (100_000, 30_001)])
@pytest.mark.parametrize("ties", [False, True])
def test_wasserstein_distance_matches_scipy(seed, n1, n2, ties):
    a, b = _samples(seed, n1, n2, ties=ties)
    ours = stats.wasserstein_distance(stats.SortedPair.of(a, b))
    assert ours == pytest.approx(sps.wasserstein_distance(a, b), rel=1e-9, abs=1e-12)


def test_wasserstein_normed_divides_by_reference_std_with_a_floor():
    a, b = _samples(0, 500, 700)
    pair = stats.SortedPair.of(a, b)
    expected = sps.wasserstein_distance(a, b) / np.std(a)
    assert stats.wasserstein_normed(pair).statistic == pytest.approx(expected, rel=1e-9)
    constant = stats.SortedPair.of(np.ones(10), np.full(10, 1.5))
    assert stats.wasserstein_normed(constant).statistic == pytest.approx(0.5 / 0.001)


def _counts(seed, k, n1, n2, *, unseen=0):
    rng = np.random.default_rng(seed)
    ref = rng.multinomial(n1, rng.dirichlet(np.ones(k))).astype(float)
    cur = rng.multinomial(n2, rng.dirichlet(np.ones(k))).astype(float)
    ref[ref == 0] = 1.0  # categories seen in reference
    return ref, cur


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(
    ("k", "n1", "n2"), [(2, 30, 40), (3, 100, 100), (7, 1000, 250), (40, 5000, 9000)]
)
def test_chi_square_matches_scipy_chisquare_against_scaled_reference(seed, k, n1, n2):
    ref, cur = _counts(seed, k, n1, n2)
    ours = stats.chi_square(ref, cur)
    expected = sps.chisquare(cur, ref * cur.sum() / ref.sum())
    assert ours.statistic == pytest.approx(expected.statistic, rel=1e-10)
    assert ours.p_value == pytest.approx(expected.pvalue, rel=1e-8, abs=1e-300)


def test_chi_square_with_a_category_unseen_in_reference_is_certain_drift():
    outcome = stats.chi_square(np.array([10.0, 5.0, 0.0]), np.array([8.0, 6.0, 1.0]))
    assert outcome.statistic == np.inf
    assert outcome.p_value == 0.0


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("n1", "n2"), [(30, 40), (500, 500), (1000, 77)])
def test_z_test_equals_uncorrected_two_by_two_chi_square(seed, n1, n2):
    ref, cur = _counts(seed, 2, n1, n2)
    ours = stats.z_test(ref, cur)
    chi2, p, _, _ = sps.chi2_contingency(np.vstack([ref, cur]), correction=False)
    assert ours.statistic**2 == pytest.approx(chi2, rel=1e-10)
    assert ours.p_value == pytest.approx(p, rel=1e-8)


def test_z_test_of_one_shared_category_has_p_value_one():
    assert stats.z_test(np.array([10.0]), np.array([7.0])).p_value == 1.0


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("k", "n1", "n2"), [(2, 30, 40), (5, 2000, 2000), (30, 10_000, 3_000)])
def test_jensen_shannon_matches_scipy(seed, k, n1, n2):
    ref, cur = _counts(seed, k, n1, n2)
    cur[0] = 0.0  # an empty bin on one side
    expected = jensenshannon(ref / ref.sum(), cur / cur.sum(), base=2)
    assert stats.jensen_shannon(ref, cur).statistic == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_psi_fills_empty_bins_and_matches_the_textbook_formula():
    ref, cur = np.array([50.0, 30.0, 20.0, 0.0]), np.array([40.0, 30.0, 20.0, 10.0])
    r = np.array([0.5, 0.3, 0.2, 1e-4])
    c = cur / cur.sum()
    assert stats.psi(ref, cur).statistic == pytest.approx(np.sum((r - c) * np.log(r / c)))
    assert stats.psi(ref, ref).statistic == 0.0


@pytest.mark.parametrize(("n1", "n2"), [(10, 10), (1000, 333), (5000, 7000)])
def test_sturges_histograms_match_numpy_histogram_over_pooled_edges(n1, n2):
    a, b = _samples(1, n1, n2)
    edges = np.histogram_bin_edges(np.concatenate([a, b]), bins="sturges")
    ref, cur = stats.sturges_histograms(stats.SortedPair.of(a, b))
    assert ref.tolist() == np.histogram(a, edges)[0].tolist()
    assert cur.tolist() == np.histogram(b, edges)[0].tolist()


def test_few_distinct_returns_the_values_only_when_few():
    few = stats.few_distinct(np.sort(np.tile([3.0, 1.0, 2.0], 500)), 5)
    assert few is not None
    assert few.tolist() == [1, 2, 3]
    assert stats.few_distinct(np.arange(1000.0), 20) is None
    # A column whose many values hide between repeated ones is still counted right.
    tricky = np.sort(np.concatenate([np.zeros(5000), np.linspace(0.1, 0.2, 30), np.ones(5000)]))
    assert stats.few_distinct(tricky, 20) is None


samples = hnp.arrays(
    np.float64,
    st.integers(1, 60),
    elements=st.floats(-1e6, 1e6, allow_nan=False, allow_subnormal=False),
)


def test_ks_test_stays_exact_where_scipy_falls_back_to_asymptotic():
    # D = 1/7 with n1 = n2 = 7: every path leaves the diagonal, p is exactly 1.
    # scipy's exact sum rounds to 1.0000000000000002, is rejected as > 1, and
    # scipy falls back to the asymptotic 0.99996.
    a, b = np.ones(7), np.array([0.0, 1, 1, 1, 1, 1, 1])
    assert stats.ks_test(stats.SortedPair.of(a, b)).p_value == 1.0
    with pytest.warns(RuntimeWarning, match="Exact calculation unsuccessful"):
        assert sps.ks_2samp(a, b).pvalue < 1.0


@settings(max_examples=150, deadline=None)
@given(a=samples, b=samples)
def test_ks_and_wasserstein_agree_with_scipy_on_arbitrary_samples(a, b):
    pair = stats.SortedPair.of(a, b)
    ks = stats.ks_test(pair)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        expected = sps.ks_2samp(a, b)
    assert ks.statistic == pytest.approx(expected.statistic, rel=1e-12, abs=1e-15)
    if not caught:  # see test_ks_test_stays_exact_where_scipy_falls_back_to_asymptotic
        assert ks.p_value == pytest.approx(expected.pvalue, rel=P_REL, abs=P_ABS)
    w = stats.wasserstein_distance(pair)
    assert w == pytest.approx(sps.wasserstein_distance(a, b), rel=1e-9, abs=1e-6)
