/* Progress charts (ECharts, vendored). Data comes from json_script blocks rendered by the page. */
(function () {
  "use strict";
  var dataEl = document.getElementById("chart-data");
  if (!dataEl || typeof echarts === "undefined") { return; }
  var data = JSON.parse(dataEl.textContent);
  var labels = JSON.parse(document.getElementById("chart-labels").textContent);
  var COLORS = { on_track: "#067647", behind: "#dc6803", far_behind: "#b42318", none: "#98a2b3",
                 reached: "#067647", short: "#475467" };
  var charts = [];

  function bars(el, rows, title) {
    if (!el || !rows || !rows.length) { return; }
    el.style.height = Math.max(360, rows.length * 18 + 70) + "px"; // one readable line per area
    var chart = echarts.init(el);
    var ordered = rows.slice().reverse(); // best at the top
    chart.setOption({
      animation: false,
      title: { text: title, left: 8, top: 6, textStyle: { fontSize: 14 } },
      grid: { left: 110, right: 40, top: 40, bottom: 24 },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      // The unit in the tick labels, not as an axis name that could sit on the title or legend (issue 11 item 10).
      xAxis: { type: "value", axisLabel: { formatter: "{value}%" },
               max: function (v) { return Math.max(100, Math.ceil(v.max)); } },
      yAxis: { type: "category", data: ordered.map(function (r) { return r.name; }), axisLabel: { fontSize: 11 } },
      series: [{
        type: "bar", name: labels.pct,
        data: ordered.map(function (r) {
          return { value: r.pct, itemStyle: { color: COLORS[r.light] || COLORS.none }, url: r.url };
        }),
        label: { show: true, position: "right", formatter: function (p) { return p.value == null ? "—" : p.value + "%"; } },
        markLine: data.expected == null ? undefined : {
          symbol: "none", lineStyle: { type: "dashed", color: "#1d4f91" },
          label: { formatter: labels.expected + " {c}%" }, data: [{ xAxis: data.expected }]
        }
      }]
    });
    chart.on("click", function (p) { if (p.data && p.data.url) { window.location.href = p.data.url; } });
    charts.push(chart);
  }

  function trend(el, t) {
    if (!el || !t || !t.days.length) { return; }
    var chart = echarts.init(el);
    var series = t.series.map(function (s, i) {
      return { type: "line", name: s.name, data: s.data, connectNulls: true, showSymbol: t.days.length < 40,
               lineStyle: { width: i === 0 ? 3 : 1.5 } };
    });
    series.push({ type: "line", name: labels.expectedLine, data: t.expected, showSymbol: false,
                  lineStyle: { type: "dashed", color: "#1d4f91" }, itemStyle: { color: "#1d4f91" } });
    chart.setOption({
      animation: false,
      title: { text: labels.trend, left: 8, top: 6, textStyle: { fontSize: 14 } },
      // The legend below the plot and the unit in the tick labels: the "%" never meets the legend (issue 11
      // item 10), however many townships the legend lists.
      grid: { left: 56, right: 24, top: 40, bottom: 72 },
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", bottom: 4, left: 8, right: 8 },
      xAxis: { type: "category", data: t.days },
      yAxis: { type: "value", min: 0, axisLabel: { formatter: "{value}%" } },
      series: series
    });
    charts.push(chart);
  }

  bars(document.getElementById("ranking-chart"), data.ranking, labels.ranking);
  bars(document.getElementById("village-chart"), data.villages, labels.villages);
  trend(document.getElementById("trend-chart"), data.trend);
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  document.body.setAttribute("data-charts", String(charts.length));
})();
