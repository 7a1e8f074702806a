// Draws each <canvas data-chart="ID"> from the JSON in <script id="ID">, with Chart.js.
// The pages carry the same figures as tables; without JavaScript only the charts are missing.
(function () {
  "use strict";
  var palette = ["#0a58ca", "#146c43", "#8a4b00", "#b02a37", "#5c636a"];
  var numbers = new Intl.NumberFormat(document.documentElement.lang || "da");
  function format(value) { return numbers.format(value); }

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) return;
    var chart = JSON.parse(source.textContent);
    var horizontal = canvas.dataset.horizontal === "true";
    // Counts of whole things get whole steps (no 0,5 firm); precision 0 rounds the ticks.
    var ticks = { beginAtZero: true, ticks: { callback: format, precision: chart.whole ? 0 : undefined } };
    var datasets = chart.series.map(function (series, index) {
      var colour = series.pace ? "#212529" : palette[index % palette.length];
      return {
        label: series.label,
        data: series.data,
        borderColor: colour,
        backgroundColor: colour,
        borderDash: series.pace ? [6, 4] : [],
        pointRadius: series.pace ? 0 : 3,
        tension: 0,
      };
    });
    new Chart(canvas, {
      type: chart.kind,
      data: { labels: chart.labels, datasets: datasets },
      options: {
        maintainAspectRatio: false,
        animation: false,
        indexAxis: horizontal ? "y" : "x",
        scales: horizontal
          ? { x: ticks, y: { ticks: { autoSkip: false } } }
          : { y: ticks },
        plugins: { legend: { position: "bottom" } },
      },
    });
  });
})();
