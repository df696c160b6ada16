// TED's one page script: draws each chart from the options in its
// data-options attribute, toggles a chart's table, sorts tables by a
// column, submits filters when they change, follows a chart's links, and
// on the trade-off page weighs the scenario again as the form changes.
"use strict";

(function () {
  var charts = [];

  // compactMoney writes dollars shortly: $1.5M, $250K, -$800.
  function compactMoney(v) {
    var a = Math.abs(v), sign = v < 0 ? "-$" : "$";
    var units = [[1e9, "B"], [1e6, "M"], [1e3, "K"]];
    for (var i = 0; i < units.length; i++) {
      if (a >= units[i][0]) {
        return sign + Number((a / units[i][0]).toFixed(1)) + units[i][1];
      }
    }
    return sign + a;
  }

  // formatAxes gives the axes that ask for it their formatter: the
  // options are JSON, which carries no function.
  function formatAxes(option) {
    ["xAxis", "yAxis"].forEach(function (key) {
      [].concat(option[key] || []).forEach(function (axis) {
        if (axis.axisLabel && axis.axisLabel.formatter === "money:compact") {
          axis.axisLabel.formatter = compactMoney;
        }
      });
    });
  }

  function drawCharts(root) {
    root.querySelectorAll(".chart[data-options]").forEach(function (el) {
      var option = JSON.parse(el.getAttribute("data-options"));
      formatAxes(option);
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
  }

  // disposeCharts lets go of the charts drawn inside an element about to
  // be replaced.
  function disposeCharts(root) {
    charts = charts.filter(function (c) {
      if (root.contains(c.getDom())) {
        c.dispose();
        return false;
      }
      return true;
    });
  }

  function toggleTables(root) {
    root.querySelectorAll("button.toggle-table").forEach(function (btn) {
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

  function sortableTables(root) {
    root.querySelectorAll("table.data").forEach(function (table) {
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

  function drawPart(root) {
    drawCharts(root);
    toggleTables(root);
    sortableTables(root);
  }

  // tradeoffs weighs the scenario of the trade-off form again whenever a
  // field changes: the server answers the part of the page that changes,
  // which replaces the old one. Without this script the form still works,
  // one submission at a time.
  function tradeoffs() {
    var form = document.getElementById("scenario-form");
    if (!form) {
      return;
    }
    var results = document.getElementById("scenario-results");
    var options = form.querySelector("fieldset.options");
    var saveForm = document.getElementById("save-form");
    var maxOptions = 20;
    var timer = null;
    var asked = 0;

    // showFields shows only the fields of an option's kind.
    function showFields(row) {
      var kind = row.querySelector("select.kind").value;
      row.querySelectorAll("[class*='for-']").forEach(function (el) {
        el.hidden = !el.classList.contains("for-" + kind);
      });
      row.querySelector("button.remove").hidden = kind === "";
    }

    function rows() {
      return options.querySelectorAll("fieldset.option");
    }

    // renumber names the rows' fields o1., o2., ... in their order.
    function renumber() {
      rows().forEach(function (row, i) {
        var n = i + 1;
        row.id = "option-" + n;
        row.querySelector("legend").textContent = "Option " + n;
        row.querySelectorAll("[name]").forEach(function (el) {
          el.name = el.name.replace(/^o[0-9]+\./, "o" + n + ".");
        });
        row.querySelector("button.remove").value = String(n);
      });
    }

    // addRow offers one more, empty, option after the last one is chosen.
    function addRow() {
      var all = rows();
      var last = all[all.length - 1];
      if (all.length >= maxOptions || last.querySelector("select.kind").value === "") {
        return;
      }
      var row = last.cloneNode(true);
      row.querySelectorAll("input").forEach(function (el) {
        if (el.type === "checkbox") {
          el.checked = false;
        } else {
          el.value = "";
        }
      });
      row.querySelectorAll("select").forEach(function (el) {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = false; });
        if (!el.multiple) {
          el.selectedIndex = 0;
        }
      });
      options.appendChild(row);
      bindRow(row);
      renumber();
    }

    function bindRow(row) {
      showFields(row);
      row.querySelector("select.kind").addEventListener("change", function () {
        showFields(row);
        addRow();
      });
      // The last, empty, option has no remove button, so one always
      // stays to be cloned.
      row.querySelector("button.remove").addEventListener("click", function (e) {
        e.preventDefault();
        row.remove();
        renumber();
        addRow();
        weigh();
      });
    }

    function query() {
      var params = new URLSearchParams();
      new FormData(form).forEach(function (value, key) {
        if (value !== "") {
          params.append(key, value);
        }
      });
      return params.toString();
    }

    function weigh() {
      var q = query();
      var mine = ++asked;
      fetch(form.action + "?" + q + (q ? "&" : "") + "part=results",
        { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (resp) {
          if (resp.headers.get("X-TED-Part") !== "results") {
            // Signed out, or a failure that is a whole page: show it.
            window.location.assign(form.action + "?" + q);
            return null;
          }
          return resp.text();
        })
        .then(function (html) {
          if (html === null || mine !== asked) {
            return;
          }
          disposeCharts(results);
          results.innerHTML = html;
          drawPart(results);
          var part = results.querySelector(".results");
          var evaluated = part && part.getAttribute("data-query");
          if (evaluated !== null && evaluated !== undefined) {
            window.history.replaceState(null, "", form.action + (evaluated ? "?" + evaluated : ""));
          }
          if (saveForm) {
            saveForm.querySelector("input[name='scenario']").value = evaluated || "";
            saveForm.querySelector("button[type='submit']").disabled =
              evaluated === null || evaluated === undefined;
          }
        })
        .catch(function () {
          if (mine === asked) {
            var p = document.createElement("p");
            p.className = "error";
            p.setAttribute("role", "alert");
            p.textContent = "TED could not be reached to weigh the scenario; " +
              "try again, or use Work it out.";
            results.prepend(p);
          }
        });
    }

    rows().forEach(bindRow);
    form.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(weigh, 350);
    });
    form.addEventListener("change", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(weigh, 150);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawPart(document);
    autosubmit();
    tradeoffs();
    window.addEventListener("resize", function () {
      charts.forEach(function (c) { c.resize(); });
    });
  });
})();
