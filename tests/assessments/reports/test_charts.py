"""Chart figures and their table alternatives say the same thing as the scorecard."""

from __future__ import annotations

import json
from datetime import date

import pytest

from assessments.reports import charts
from tests.assessments.reports.helpers import evidence_met, rubric, scorecard

pytestmark = pytest.mark.dated


def test_the_level_ladder_shows_claimed_and_assessed_levels_and_coverage():
    level1 = [
        "source_control",
        "data_pipeline_automation",
        "application_ci",
        "model_integration_tests",
    ]
    sc = scorecard(level1, evidence=evidence_met("source_control"))
    fs = sc.frameworks["azure"]
    chart = charts.level_ladder(rubric().frameworks["azure"], sc)
    ladder = chart.figure["data"][0]
    assert list(ladder["y"]) == [fs.claimed_level, fs.assessed_level] == [1, 1]
    assert list(ladder["x"]) == ["Claimed", "Assessed"]
    table = {r[0]: r[1] for r in chart.table.rows}
    assert table["Assessed level"].startswith("1 ")
    assert table["Evidence coverage"] == f"{round(100 * fs.evidence_coverage)}%"
    assert f"{round(100 * fs.evidence_coverage)}%" in chart.figure["layout"]["title"]["text"]


def test_the_capability_matrix_prints_each_state_in_its_cell_grouped_by_aspect():
    sc = scorecard(["model_registry"], evidence=evidence_met("lineage"))
    chart = charts.capability_matrix(rubric(), sc)
    heat = chart.figure["data"][0]
    assert len(heat["y"]) == len(rubric().capabilities) == len(chart.table.rows)
    by_name = {row[1]: row for row in chart.table.rows}
    registry = rubric().capability("model_registry").name
    lineage = rubric().capability("lineage").name
    assert by_name[registry][2:] == ("met", "unknown", "met")
    assert by_name[lineage][2:] == ("not met", "met", "met")
    # the figure's cell text is the table's text, row for row
    assert [list(r) for r in heat["text"]] == [list(r[2:]) for r in chart.table.rows]
    aspects = [row[0] for row in chart.table.rows]
    assert aspects == sorted(aspects, key=aspects.index)  # each aspect in one block
    assert len(set(aspects)) == 4


def test_the_radar_and_its_table_hold_the_aspect_scores():
    sc = scorecard(["ds_de_collaboration", "se_de_collaboration"])
    chart = charts.aspect_radar(sc)
    values = {r[0]: r[1] for r in chart.table.rows}
    assert values["People"] == f"{sc.aspects['people']:g}"
    assert chart.figure["data"][0]["r"][:4] == [sc.aspects[a] for a in charts.ASPECTS]


def test_a_metric_series_keeps_empty_weeks_as_gaps_not_zeros():
    series = charts.MetricSeries(
        "deployment_frequency", "Deployments", "per week",
        ((date(2026, 9, 7), 2.0), (date(2026, 9, 14), None), (date(2026, 9, 21), 5.0)),
    )  # fmt: skip
    chart = charts.metric_chart(series)
    assert chart.figure["data"][0]["y"] == [2.0, None, 5.0]
    assert [r[1] for r in chart.table.rows] == ["2", "no data", "5"]
    assert "2 of 3 weeks" in chart.summary


def test_the_org_heatmap_has_a_row_per_team_and_the_level_distribution_counts_them():
    teams = [("Fraud", scorecard(["source_control"])), ("Search", scorecard())]
    heat = charts.org_heatmap(rubric().capabilities, teams)
    assert heat.figure["data"][0]["y"] == ["Fraud", "Search"]
    assert heat.table.rows[0][1] == "met"
    assert heat.table.rows[1][1] == "not met"
    dist = charts.level_distribution(rubric().frameworks["google"], [sc for _, sc in teams])
    assert dist.table.rows[0][1] == "2"
    assert list(dist.figure["data"][0]["y"]) == [2, 0, 0]


def test_figures_are_plain_json_without_the_default_template():
    chart = charts.aspect_radar(scorecard())
    json.dumps(chart.figure)
    assert "template" not in chart.figure["layout"]


def test_the_level_history_chart_and_its_table_follow_the_snapshots():
    from datetime import UTC, datetime

    from assessments.reports.history import Snapshot, history_build

    level1 = [
        "source_control",
        "data_pipeline_automation",
        "application_ci",
        "model_integration_tests",
    ]
    t1, t2 = datetime(2026, 7, 1, tzinfo=UTC), datetime(2026, 10, 1, tzinfo=UTC)
    history = history_build([Snapshot(t1, 1, scorecard()), Snapshot(t2, 2, scorecard(level1))])
    chart = charts.level_history(list(rubric().frameworks.values()), history)
    azure = next(t for t in chart.figure["data"] if t["name"] == rubric().frameworks["azure"].name)
    assert azure["y"] == [0, 1]
    assert [r[0] for r in chart.table.rows] == ["2026-07-01 00:00", "2026-10-01 00:00"]
    assert chart.table.rows[1][1:] == ("0 (0)", "1 (1)")


def test_every_figure_is_one_plotly_accepts_as_it_is():
    import plotly.graph_objects as go

    sc = scorecard(["source_control"], evidence=evidence_met("lineage"))
    series = charts.MetricSeries("deployment_frequency", "Deployments", "per week",
                                 ((date(2026, 9, 7), 2.0), (date(2026, 9, 14), None)))  # fmt: skip
    made = [
        *(charts.level_ladder(fw, sc) for fw in rubric().frameworks.values()),
        *(charts.level_distribution(fw, [sc]) for fw in rubric().frameworks.values()),
        charts.capability_matrix(rubric(), sc),
        charts.aspect_radar(sc),
        charts.metric_chart(series),
        charts.org_heatmap(rubric().capabilities, [("Fraud", sc)]),
    ]
    for chart in made:
        # plotly validates every property and normalises it; the figure must come back unchanged
        validated = json.loads(go.Figure(chart.figure).to_json())
        validated["layout"].pop("template", None)
        assert validated == json.loads(json.dumps(chart.figure)), chart.id
