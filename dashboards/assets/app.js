// TED's one page script: draws each chart from the options in its
// data-options attribute, toggles a chart's table, sorts tables by a
// column, submits filters when they change, and follows a chart's links.
"use strict";

(function () {
  var charts = [];

  function drawCharts() {
    document.querySelectorAll(".chart[data-options]").forEach(function (el) {
      var option = JSON.parse(el.getAttribute("data-options"));
      // Tooltips are drawn as text, never as HTML: names come from the
      // district's data.
      option.tooltip = Object.assign({ trigger: "item" }, option.tooltip || {},
        { renderMode: "richText" });
      var chart = echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(option);
      chart.on("click", function (params) {
        var data = params.data;
        if (data && typeof data === "object" && typeof data.link === "string" &&
            data.link.charAt(0) === "/") {
          window.location.assign(data.link);
        }
      });
      charts.push(chart);
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (c) { c.resize(); });
    });
  }

  function toggleTables() {
    document.querySelectorAll("button.toggle-table").forEach(function (btn) {
      btn.addEventListener("click", function () {
        var table = document.getElementById(btn.getAttribute("aria-controls"));
        var chart = btn.closest(".panel").querySelector(".chart");
        var showTable = table.hidden;
        table.hidden = !showTable;
        if (chart) {
          chart.hidden = showTable;
        }
        btn.textContent = showTable ? "Show as chart" : "Show as table";
        if (!showTable) {
          charts.forEach(function (c) { c.resize(); });
        }
      });
    });
  }

  function sortKey(td, numeric) {
    var v = td.hasAttribute("data-sort") ? td.getAttribute("data-sort") : td.textContent;
    if (numeric) {
      var n = parseFloat(v);
      return isNaN(n) ? -Infinity : n;
    }
    return v.toLowerCase();
  }

  function sortableTables() {
    document.querySelectorAll("table.data").forEach(function (table) {
      table.querySelectorAll("thead th").forEach(function (th, col) {
        th.tabIndex = 0;
        th.setAttribute("aria-sort", "none");
        var sort = function () {
          var numeric = th.classList.contains("num");
          var asc = th.getAttribute("aria-sort") !== "ascending";
          var body = table.tBodies[0];
          var rows = Array.prototype.slice.call(body.rows);
          rows.sort(function (a, b) {
            var x = sortKey(a.cells[col], numeric), y = sortKey(b.cells[col], numeric);
            return (x < y ? -1 : x > y ? 1 : 0) * (asc ? 1 : -1);
          });
          rows.forEach(function (r) { body.appendChild(r); });
          table.querySelectorAll("thead th").forEach(function (h) {
            h.setAttribute("aria-sort", "none");
          });
          th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        };
        th.addEventListener("click", sort);
        th.addEventListener("keydown", function (e) {
          if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); }
        });
      });
    });
  }

  function autosubmit() {
    document.querySelectorAll("select.autosubmit").forEach(function (sel) {
      sel.addEventListener("change", function () { sel.form.submit(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawCharts();
    toggleTables();
    sortableTables();
    autosubmit();
  });
})();
