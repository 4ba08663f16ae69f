"""Plotly figures for the report pages, each with a table alternative built from the same
data (pure: a Scorecard or plain data in, figure JSON and tables out).

The pages render `Chart.figure` with plotly.js served from our own static files;
`Chart.table` is shown beside it for people who cannot see the chart, on paper,
and as the source of truth that tests compare with the figure.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from assessments.reports.history import History
from assessments.rubric.scorecard import Scorecard
from assessments.rubric.types import ASPECTS, Capability, Framework, Rubric

#: Colour and a short text label per state: the label is printed in the cell, so the
#: charts never rely on colour alone.
STATE_STYLE: Mapping[str, tuple[str, str, float]] = {
    "met": ("#1a7f37", "met", 4),
    "not_applicable": ("#6e9fd1", "n/a", 3.5),
    "partial": ("#d4a72c", "partial", 2),
    "contradicted": ("#8250df", "contradicted", 1),
    "not_met": ("#cf222e", "not met", 0.5),
    "unknown": ("#8c959f", "unknown", 0),
}
_STATE_SCALE = [[v / 4, c] for c, _, v in sorted(STATE_STYLE.values(), key=lambda s: s[2])]
ASPECT_NAMES: Mapping[str, str] = {
    "people": "People",
    "model_creation": "Model creation",
    "model_release": "Model release",
    "application_integration": "Application integration",
}
_LAYOUT: dict[str, Any] = {
    # No Python-side template: serialising plotly's default one cost most of a chart's
    # build time, and the page's plotly.js draws the same defaults without it.
    "template": "none",
    "margin": {"l": 40, "r": 20, "t": 50, "b": 40},
    "font": {"family": "system-ui, sans-serif", "size": 13},
    "paper_bgcolor": "rgba(0,0,0,0)",
}


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Chart:
    id: str  # stable DOM id
    title: str
    summary: str  # one or two sentences saying what the chart shows
    figure: Mapping[str, Any]  # plotly figure as plain JSON data (data + layout)
    table: Table

    @property
    def data_id(self) -> str:
        """DOM id of the script element that holds the figure JSON."""
        return f"{self.id}-data"


def _sorted(value: Any) -> Any:
    """Nested dicts with their keys in order, lists and tuples as lists: the JSON plotly's
    own serialisation gives."""
    if isinstance(value, Mapping):
        return {k: _sorted(value[k]) for k in sorted(value)}
    if isinstance(value, list | tuple):
        return [_sorted(v) for v in value]
    return value


def _trace(kind: str, **props: Any) -> dict[str, Any]:
    """One plotly trace as plain JSON data, its `type` last as plotly writes it."""
    return {**_sorted(props), "type": kind}


def _figure(traces: Sequence[dict[str, Any]], **layout: Any) -> dict[str, Any]:
    """The figure as plain JSON data, written directly: building plotly's graph objects
    validated and copied every property and then serialised them, most of the charts'
    time. The tests check these figures against plotly's validation."""
    merged = {k: v for k, v in {**_LAYOUT, **layout}.items() if k != "template"}
    if isinstance(merged.get("title"), str):
        merged["title"] = {"text": merged["title"]}
    return {"data": list(traces), "layout": _sorted(merged)}


def _make(trace: dict[str, Any], **layout: Any) -> dict[str, Any]:
    return _figure([trace], **layout)


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{round(100 * value)}%"


def level_ladder(framework: Framework, scorecard: Scorecard) -> Chart:
    """Claimed and assessed level on the framework's ladder, with evidence coverage."""
    fs = scorecard.frameworks[framework.id]
    names = {lvl.level: lvl.name for lvl in framework.levels}
    # A ladder: one rung per level, a marker where the claim and the assessment stand
    # (a bar would vanish at level 0, where many teams start).
    points = [("Claimed", fs.claimed_level, "#57606a", "circle-open"),
              ("Assessed", fs.assessed_level, "#0969da", "circle")]  # fmt: skip
    top = framework.levels[-1].level
    fig = _make(
        _trace(
            "scatter",
            x=[p[0] for p in points],
            y=[p[1] for p in points],
            mode="markers+text",
            marker={
                "size": 22,
                "color": [p[2] for p in points],
                "symbol": [p[3] for p in points],
                "line": {"width": 3, "color": [p[2] for p in points]},
            },
            text=[f"Level {p[1]}" for p in points],
            textposition="middle right",
            hovertext=[f"{p[0]}: level {p[1]} ({names[p[1]]})" for p in points],
            hoverinfo="text",
        ),
        title=f"{framework.name}: evidence covers {_pct(fs.evidence_coverage)}",
        height=120 + 45 * len(names),
        showlegend=False,
        xaxis={"range": [-0.5, 1.8], "fixedrange": True},
        # automargin: the left margin grows to fit the longest level name, which a fixed
        # margin cut off ("utomated model deployment").
        yaxis={
            "automargin": True,
            "range": [-0.5, top + 0.5],
            "tickvals": list(names),
            "ticktext": [f"{k} {v}" for k, v in names.items()],
            "fixedrange": True,
            "gridcolor": "#d0d7de",
            "gridwidth": 2,
        },
    )
    rows = (
        ("Claimed level", f"{fs.claimed_level} ({names[fs.claimed_level]})"),
        ("Assessed level", f"{fs.assessed_level} ({names[fs.assessed_level]})"),
        ("Evidence coverage", _pct(fs.evidence_coverage)),
        ("Progress to next level", _pct(fs.progress_to_next)),
    )
    return Chart(
        id=f"ladder-{framework.id}",
        title=f"{framework.name} level",
        summary=fs.explanation,
        figure=fig,
        table=Table(("Measure", "Value"), rows),
    )


def _grouped(rubric: Rubric) -> list[tuple[str, str, str]]:
    """(aspect, capability id, capability name) grouped by aspect, in rubric order."""
    return [(a, c.id, c.name) for a in ASPECTS for c in rubric.capabilities if c.aspect == a]


def _state_heatmap(
    states: Sequence[Sequence[str]], x: list[str], y: list[str], **layout: Any
) -> dict[str, Any]:
    """Assessed states as a grid of coloured cells labelled in words, first row on top."""
    return _make(
        _trace(
            "heatmap",
            z=[[STATE_STYLE[s][2] for s in row] for row in states],
            x=x,
            y=y,
            text=[[STATE_STYLE[s][1] for s in row] for row in states],
            texttemplate="%{text}",
            colorscale=_STATE_SCALE,
            zmin=0,
            zmax=4,
            showscale=False,
            xgap=2,
            ygap=2,
            hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>",
        ),
        yaxis={"autorange": "reversed", "automargin": True},
        **layout,
    )


def capability_matrix(rubric: Rubric, scorecard: Scorecard) -> Chart:
    """Claim, evidence and assessed state per capability, grouped by aspect."""
    rows = _grouped(rubric)
    columns = ("Claim", "Evidence", "Assessed")
    states: list[list[str]] = []
    for _, cap_id, _ in rows:
        cs = scorecard.capabilities[cap_id]
        evidence = {"insufficient": "unknown", None: "unknown"}.get(cs.evidence, cs.evidence)
        states.append([cs.claim, evidence or "unknown", cs.state])
    labels = [f"{ASPECT_NAMES[a]} · {name}" for a, _, name in rows]
    fig = _state_heatmap(
        states, list(columns), labels, title="Capabilities", height=40 + 26 * len(rows)
    )
    table = Table(
        ("Aspect", "Capability", *columns),
        tuple(
            (ASPECT_NAMES[a], name, *(STATE_STYLE[s][1] for s in st))
            for (a, _, name), st in zip(rows, states, strict=True)
        ),
    )
    met = sum(1 for row in states if row[2] in ("met", "not_applicable"))
    summary = f"{met} of {len(rows)} capabilities are met or not applicable."
    return Chart("capability-matrix", "Capabilities", summary, fig, table)


def aspect_radar(scorecard: Scorecard) -> Chart:
    """Mean capability score per aspect (0-100) on a radar."""
    names = [ASPECT_NAMES[a] for a in ASPECTS]
    values = [scorecard.aspects.get(a, 0.0) for a in ASPECTS]
    fig = _make(
        _trace(
            "scatterpolar",
            r=[*values, values[0]],
            theta=[*names, names[0]],
            fill="toself",
            name="Score",
        ),
        title="Score per aspect",
        height=360,
        polar={"radialaxis": {"range": [0, 100]}},
    )
    rows = tuple((n, f"{v:g}") for n, v in zip(names, values, strict=True))
    weakest = names[values.index(min(values))]
    summary = f"The weakest aspect is {weakest} ({min(values):g} of 100)."
    return Chart(
        "aspect-radar",
        "Score per aspect",
        summary,
        fig,
        Table(("Aspect", "Score (0-100)"), rows),
    )


@dataclass(frozen=True)
class MetricSeries:
    """One delivery metric as a weekly series (value None: nothing to measure that week)."""

    key: str
    name: str
    unit: str
    points: tuple[tuple[date, float | None], ...]


def _fmt(value: float | None) -> str:
    return "no data" if value is None else f"{value:.4g}"


def metric_chart(series: MetricSeries) -> Chart:
    weeks = [p[0].isoformat() for p in series.points]
    values = [p[1] for p in series.points]
    fig = _make(
        _trace("scatter", x=weeks, y=values, mode="lines+markers", connectgaps=False),
        title=series.name,
        height=260,
        yaxis={"title": {"text": series.unit}},
    )
    measured = [v for v in values if v is not None]
    summary = (
        f"Latest week: {_fmt(values[-1])} {series.unit}; {len(measured)} of {len(values)} "
        "weeks measured."
        if values
        else "No weeks in the window."
    )
    rows = tuple((w, _fmt(v)) for w, v in zip(weeks, values, strict=True))
    table = Table(("Week of", f"{series.name} ({series.unit})"), rows)
    return Chart(f"metric-{series.key}", series.name, summary, fig, table)


def org_heatmap(caps: Sequence[Capability], teams: Sequence[tuple[str, Scorecard]]) -> Chart:
    """Teams (rows) by the given capabilities (columns): the assessed state of each."""
    # Stored scorecards of an older rubric may lack a capability: shown as unknown.
    states = [
        [sc.capabilities[c.id].state if c.id in sc.capabilities else "unknown" for c in caps]
        for _, sc in teams
    ]
    fig = _state_heatmap(
        states,
        [c.name for c in caps],
        [name for name, _ in teams],
        title="Capabilities by team",
        height=300 + 36 * len(teams),
        xaxis={"tickangle": -45, "automargin": True},
    )
    rows = tuple(
        (name, *(STATE_STYLE[s][1] for s in row))
        for (name, _), row in zip(teams, states, strict=True)
    )
    table = Table(("Team", *(c.name for c in caps)), rows)
    summary = f"{len(teams)} teams by {len(caps)} capabilities."
    return Chart("org-heatmap", "Capabilities by team", summary, fig, table)


def level_distribution(framework: Framework, scorecards: Sequence[Scorecard]) -> Chart:
    """How many teams stand at each assessed level of the framework."""
    levels = [lvl.level for lvl in framework.levels]
    counts = [
        sum(
            1
            for sc in scorecards
            if framework.id in sc.frameworks and sc.frameworks[framework.id].assessed_level == lvl
        )
        for lvl in levels
    ]
    labels = [f"{lvl.level} {lvl.name}" for lvl in framework.levels]
    ticks = [
        f"{lvl.level}<br>" + "<br>".join(textwrap.wrap(lvl.name, 14)) for lvl in framework.levels
    ]
    fig = _make(
        _trace("bar", x=ticks, y=counts, text=[str(n) for n in counts], textposition="auto"),
        title=f"{framework.name}: teams per level",
        height=340,
        xaxis={"tickangle": 0, "automargin": True},
        yaxis={"title": {"text": "teams"}, "dtick": 1},
    )
    rows = tuple((label, str(n)) for label, n in zip(labels, counts, strict=True))
    summary = f"{len(scorecards)} teams assessed against {framework.name}."
    return Chart(
        f"levels-{framework.id}",
        f"{framework.name}: teams per level",
        summary,
        fig,
        Table(("Level", "Teams"), rows),
    )


def level_history(frameworks: Sequence[Framework], history: History) -> Chart:
    """Assessed level per framework at each stored scorecard, oldest first."""
    traces = [
        _trace(
            "scatter",
            x=[p.computed_at.isoformat() for p in history.levels.get(fw.id, ())],
            y=[p.assessed for p in history.levels.get(fw.id, ())],
            mode="lines+markers",
            line={"shape": "hv"},
            name=fw.name,
        )
        for fw in frameworks
    ]
    data = _figure(
        traces,
        title="Assessed level over time",
        height=300,
        yaxis={"dtick": 1, "rangemode": "tozero"},
        legend={"orientation": "h"},
    )
    names = {fw.id: fw.name for fw in frameworks}
    headers = (
        "Scorecard of",
        *(f"{names.get(f, f)}: assessed (claimed)" for f in history.frameworks),
    )
    rows = tuple((when.strftime("%Y-%m-%d %H:%M"), *cells) for when, cells in history.rows)
    summary = f"{len(history.rows)} scorecard{'s' if len(history.rows) != 1 else ''} over time."
    return Chart("level-history", "Assessed level over time", summary, data, Table(headers, rows))
