/* Draws the report's charts from the figure JSON beside them, keeps them fitted to the
   page, and opens every disclosure before printing so the PDF holds the tables. */
(function () {
  "use strict";
  var config = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ["lasso2d", "select2d"] };

  function draw(el) {
    var source = document.getElementById(el.getAttribute("data-chart"));
    if (!source || !window.Plotly) { return; }
    var figure = JSON.parse(source.textContent);
    window.Plotly.newPlot(el, figure.data, figure.layout, config).then(function () {
      el.setAttribute("data-drawn", "true");
    });
  }

  function resizeAll() {
    document.querySelectorAll(".chart-plot[data-drawn]").forEach(function (el) {
      window.Plotly.Plots.resize(el);
    });
  }

  function init() {
    document.querySelectorAll(".chart-plot[data-chart]").forEach(draw);
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
    var opened = [];
    window.addEventListener("beforeprint", function () {
      document.body.classList.add("printing");
      document.querySelectorAll("details:not([open])").forEach(function (d) { d.open = true; opened.push(d); });
      resizeAll();
    });
    window.addEventListener("afterprint", function () {
      document.body.classList.remove("printing");
      opened.forEach(function (d) { d.open = false; });
      opened = [];
      resizeAll();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
