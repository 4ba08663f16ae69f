"""The synthetic generator is reproducible and drifts exactly what it is asked to."""

import numpy as np
import pandas as pd
import pytest

from pipelines.synthetic import DriftAmount, column_names, make_frames


def test_same_seed_gives_the_same_frames_and_other_seeds_differ():
    a = make_frames(rows=300, numeric=3, categorical=2, drifted=["num_1"], seed=7)
    b = make_frames(rows=300, numeric=3, categorical=2, drifted=["num_1"], seed=7)
    c = make_frames(rows=300, numeric=3, categorical=2, drifted=["num_1"], seed=8)
    pd.testing.assert_frame_equal(a.reference, b.reference)
    pd.testing.assert_frame_equal(a.current, b.current)
    assert not a.reference.equals(c.reference)


def test_shapes_names_and_ground_truth():
    frames = make_frames(
        rows=100, numeric=4, categorical=2, drifted=["cat_1", "num_2"], current_rows=70
    )
    assert list(frames.reference.columns) == list(column_names(4, 2))
    assert (len(frames.reference), len(frames.current)) == (100, 70)
    assert frames.drifted_columns == ("num_2", "cat_1")


def test_mean_shift_and_scale_move_only_drifted_numerical_columns():
    amount = DriftAmount(mean_shift=1.0, scale=2.0)
    frames = make_frames(rows=200_000, numeric=2, categorical=0, drifted=["num_0"], amount=amount)
    ref, cur = frames.reference, frames.current
    sd = ref["num_0"].std()
    assert (cur["num_0"].mean() - ref["num_0"].mean()) / sd == pytest.approx(1.0, abs=0.02)
    assert cur["num_0"].std() / sd == pytest.approx(2.0, abs=0.02)
    assert cur["num_1"].mean() == pytest.approx(ref["num_1"].mean(), abs=0.05)


def test_reweight_moves_mass_onto_the_rarest_category():
    frames = make_frames(
        rows=200_000, numeric=0, categorical=1, drifted=["cat_0"], amount=DriftAmount(reweight=0.3)
    )
    ref = frames.reference["cat_0"].value_counts(normalize=True)
    cur = frames.current["cat_0"].value_counts(normalize=True)
    rarest = ref.idxmin()
    assert cur[rarest] - ref[rarest] == pytest.approx(0.3 * (1 - ref[rarest]), abs=0.01)


def test_missing_share_blanks_cells_in_both_frames():
    frames = make_frames(rows=20_000, numeric=1, categorical=1, missing_share=0.1)
    for frame in (frames.reference, frames.current):
        assert frame.isna().mean().to_numpy() == pytest.approx(np.full(2, 0.1), abs=0.01)


def test_unknown_drifted_column_is_refused():
    with pytest.raises(ValueError, match="num_9"):
        make_frames(rows=10, numeric=2, categorical=0, drifted=["num_9"])
