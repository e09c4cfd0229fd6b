// The analytics dashboard: figures for a range of days, drawn with Chart.js (served from the jar),
// and the knowledge drafts an admin edits and publishes. Users' words only go in as text.
"use strict";

(function () {
  const C = window.Console;
  const el = C.el;
  const charts = {};
  const PALETTE = ["#3b6ea5", "#e08a2e", "#4f9d69", "#c8484a", "#7d5ba6", "#2aa1b3", "#b5a33a", "#8c6d52", "#d16ba5", "#6b7b8c"];

  function $(id) {
    return document.getElementById(id);
  }

  function isoDay(d) {
    return d.toISOString().slice(0, 10);
  }

  function chart(id, type, labels, values, options) {
    if (typeof window.Chart !== "function") {
      return;
    }
    if (charts[id]) {
      charts[id].destroy();
    }
    charts[id] = new window.Chart($(id), {
      type: type,
      data: {
        labels: labels,
        datasets: [{
          label: "count",
          data: values,
          backgroundColor: type === "doughnut" ? labels.map(function (l, i) { return PALETTE[i % PALETTE.length]; }) : PALETTE[0],
          borderColor: type === "doughnut" ? "#fff" : PALETTE[0],
        }],
      },
      options: Object.assign({
        animation: false,
        responsive: true,
        aspectRatio: 1.8,
        plugins: { legend: { display: type === "doughnut", position: "right" } },
      }, options || {}),
    });
  }

  function counts(id, items, type, options) {
    chart(id, type, items.map(function (c) { return c.name; }), items.map(function (c) { return c.count; }), options);
  }

  function fillList(id, items, text) {
    const node = $(id);
    C.clear(node);
    items.forEach(function (item) {
      node.appendChild(el("li", text(item)));
    });
    if (items.length === 0) {
      node.appendChild(el("li", "none", "muted"));
    }
  }

  async function load() {
    $("error").textContent = "";
    const query = "?from=" + encodeURIComponent($("from").value) + "&to=" + encodeURIComponent($("to").value);
    $("csv").setAttribute("href", "/console/analytics/api/report.csv" + query);
    let d;
    try {
      d = await C.api("GET", "/console/analytics/api/report" + query);
    } catch (e) {
      $("error").textContent = e.message;
      return;
    }
    const r = d.report;
    $("kpi-conversations").textContent = r.conversations;
    $("kpi-containment").textContent = C.percent(r.containmentRate);
    $("kpi-confirmed").textContent = r.confirmedResolutions + " (" + C.percent(r.confirmedRate) + ")";
    $("kpi-implied").textContent = r.impliedResolutions + " (" + C.percent(r.impliedRate) + ")";
    $("kpi-escalation").textContent = C.percent(r.escalationRate);
    $("kpi-fcr").textContent = C.percent(r.firstContactResolutionRate);
    $("kpi-csat").textContent = (r.csatResponses ? r.csatAverage.toFixed(2) : "–") + " (" + r.csatResponses + ")";
    $("kpi-turns").textContent = r.turns;
    document.body.setAttribute("data-loaded", r.from + ".." + r.to);
    counts("chart-days", r.conversationsPerDay, "line");
    counts("chart-outcomes", r.outcomes, "doughnut");
    counts("chart-reasons", r.escalationReasons, "bar");
    counts("chart-csat", r.csatDistribution, "bar");
    counts("chart-intents", r.topIntents, "bar", { indexAxis: "y" });
    chart("chart-confidence", "bar", r.confidenceHistogram.map(function (v, i) {
      return (i / 10).toFixed(1) + "–" + ((i + 1) / 10).toFixed(1);
    }), r.confidenceHistogram);
    const rows = $("sla-rows");
    C.clear(rows);
    r.sla.forEach(function (s) {
      const tr = el("tr", null, null, { "data-priority": s.priority });
      [s.priority, s.tickets, s.responded, s.avgFirstResponseMinutes, s.firstResponseWithinSla,
        s.resolved, s.avgResolveMinutes, s.resolvedWithinSla, s.breaches].forEach(function (v) {
        tr.appendChild(el("td", v));
      });
      rows.appendChild(tr);
    });
    fillList("gaps", d.unansweredQuestions, function (g) { return g.query + " (" + g.count + ")"; });
    fillList("unhelped", d.unhelpedQuestions, function (g) { return g.query + " (" + g.count + ")"; });
    fillList("unhelpful-articles", d.leastHelpfulArticles, function (a) {
      return a.id + " — " + a.title + ": " + a.notHelpful + " of " + (a.helpful + a.notHelpful) + " said it did not help";
    });
  }

  let editing = null;

  async function loadDrafts() {
    const drafts = await C.api("GET", "/console/api/admin/drafts");
    const node = $("draft-list");
    C.clear(node);
    drafts.forEach(function (d) {
      const li = el("li");
      const button = el("button", d.id + " — " + d.title, "link", { type: "button" });
      button.addEventListener("click", function () {
        edit(d.id);
      });
      li.appendChild(button);
      node.appendChild(li);
    });
    if (drafts.length === 0) {
      node.appendChild(el("li", "No drafts waiting.", "muted"));
    }
  }

  async function edit(id) {
    const d = await C.api("GET", "/console/api/admin/drafts/" + encodeURIComponent(id));
    editing = d.id;
    $("draft-text").value = d.text;
    $("draft-form").hidden = false;
    $("draft-status").textContent = "Editing " + d.id;
  }

  async function start() {
    await C.loadMe();
    const today = new Date();
    $("to").value = isoDay(today);
    $("from").value = isoDay(new Date(today.getTime() - 29 * 86400000));
    $("range").addEventListener("submit", function (e) {
      e.preventDefault();
      load();
    });
    $("draft-form").addEventListener("submit", async function (e) {
      e.preventDefault();
      try {
        await C.api("PUT", "/console/api/admin/drafts/" + encodeURIComponent(editing), { text: $("draft-text").value });
        $("draft-status").textContent = "Saved " + editing;
      } catch (err) {
        $("draft-status").textContent = err.message;
      }
    });
    $("draft-publish").addEventListener("click", async function () {
      try {
        await C.api("PUT", "/console/api/admin/drafts/" + encodeURIComponent(editing), { text: $("draft-text").value });
        await C.api("POST", "/console/api/admin/drafts/" + encodeURIComponent(editing) + "/publish");
        $("draft-status").textContent = "Published " + editing + ": searchable within seconds.";
        $("draft-form").hidden = true;
        loadDrafts();
      } catch (err) {
        $("draft-status").textContent = err.message;
      }
    });
    await load();
    await loadDrafts();
  }

  start().catch(function (e) {
    $("error").textContent = e.message;
  });
})();
