/* Charts of the pipeline pages and polling of their small status endpoints.
   Every chart has a table beside it, so nothing depends on this script. */
(function () {
  "use strict";
  var STATUS_COLOURS = { succeeded: "#1a7f37", failed: "#cf222e", running: "#0b5cad", pending: "#8c959f", skipped: "#d0d7de" };

  function data(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function plot(id, traces, layout) {
    var node = document.getElementById(id);
    if (!node || !window.Plotly) { return; }
    var base = { margin: { t: 10, r: 10, b: 40, l: 60 }, height: 280, legend: { orientation: "h" } };
    window.Plotly.react(node, traces, Object.assign(base, layout || {}), { responsive: true, displaylogo: false });
  }

  function timeline(steps) {
    var now = new Date();
    var shown = steps.filter(function (s) { return s.started_at; });
    var traces = shown.map(function (s) {
      var start = new Date(s.started_at);
      var end = s.finished_at ? new Date(s.finished_at) : now;
      return {
        type: "bar", orientation: "h", name: s.name, y: [s.name], base: [start.toISOString()],
        x: [Math.max(end - start, 20)], marker: { color: STATUS_COLOURS[s.status] || "#57606a" },
        hovertemplate: s.name + " (" + s.status + ")<extra></extra>", showlegend: false
      };
    });
    plot("timeline-chart", traces, { xaxis: { type: "date" }, yaxis: { autorange: "reversed", automargin: true }, barmode: "overlay", margin: { t: 10, r: 10, b: 40, l: 110 } });
  }

  function metrics(rows) {
    if (!rows || !rows.length) { return; }
    var x = rows.map(function (r) { return r.run; });
    plot("metrics-chart", ["mae", "rmse"].map(function (k) {
      return { type: "scatter", mode: "lines+markers", name: k.toUpperCase(), x: x, y: rows.map(function (r) { return r[k]; }) };
    }), { xaxis: { title: { text: "run" } } });
  }

  function drift(series) {
    if (!series || !series.dates || !series.dates.length) { return; }
    var traces = Object.keys(series).filter(function (k) { return k !== "dates"; }).map(function (k) {
      return { type: "scatter", mode: "lines+markers", name: k, x: series.dates, y: series[k] };
    });
    plot("drift-chart", traces, { yaxis: { title: { text: "drift score" } } });
  }

  function renderSteps(steps) {
    var body = document.querySelector("#steps-table tbody");
    if (!body) { return; }
    body.textContent = "";
    steps.forEach(function (s) {
      var row = document.createElement("tr");
      row.dataset.step = s.name;
      [s.name, s.kind, s.status, s.duration_s === null ? "" : s.duration_s + " s", s.error].forEach(function (text, i) {
        var cell = document.createElement("td");
        if (i === 2) {
          var badge = document.createElement("span");
          badge.className = "status status-" + s.status;
          badge.textContent = text;
          cell.appendChild(badge);
        } else {
          cell.textContent = text;
          if (i === 4) { cell.className = "error"; }
        }
        row.appendChild(cell);
      });
      body.appendChild(row);
    });
  }

  function pollRun(box) {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        box.querySelector("[data-role=run-status]").textContent = s.status;
        box.querySelector("[data-role=run-status]").className = "status status-" + s.status;
        box.querySelector("[data-role=run-progress]").value = s.progress;
        box.querySelector("[data-role=run-error]").textContent = s.error;
        renderSteps(s.steps);
        timeline(s.steps);
        if (!s.finished) { window.setTimeout(function () { pollRun(box); }, 1500); }
      })
      .catch(function () { window.setTimeout(function () { pollRun(box); }, 5000); });
  }

  function pollPipeline(box) {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        var note = box.querySelector("[data-role=poll-note]");
        var job = s.clock_job;
        if (note) { note.textContent = job && job.status !== "succeeded" ? (job.message || job.status) + " (" + job.progress + "%)" : ""; }
        if (s.busy) { window.setTimeout(function () { pollPipeline(box); }, 2000); } else { window.location.reload(); }
      })
      .catch(function () { window.setTimeout(function () { pollPipeline(box); }, 5000); });
  }

  function start() {
    var steps = data("timeline-data");
    if (steps) { timeline(steps); }
    metrics(data("metrics-data"));
    drift(data("drift-data"));
    var run = document.getElementById("run-status");
    if (run && run.dataset.finished === "false") { pollRun(run); }
    var pipeline = document.getElementById("pipeline-status");
    if (pipeline && pipeline.dataset.busy === "true") { window.setTimeout(function () { pollPipeline(pipeline); }, 2000); }
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
