// The agent console: the waiting queue with live SLA countdowns, live updates over server-sent
// events, and the ticket view with its actions. User text only ever goes in through textContent.
"use strict";

(function () {
  const C = window.Console;
  const el = C.el;
  let queue = [];
  let current = null; // the ticket shown
  let canned = { replies: [], groups: [] };
  let clockSkew = 0; // server time minus browser time, in ms

  function now() {
    return Date.now() + clockSkew;
  }

  function $(id) {
    return document.getElementById(id);
  }

  function say(text) {
    $("live").textContent = text;
  }

  function duration(ms) {
    const negative = ms < 0;
    let s = Math.floor(Math.abs(ms) / 1000);
    const h = Math.floor(s / 3600);
    s -= h * 3600;
    const m = Math.floor(s / 60);
    s -= m * 60;
    const text = (h > 0 ? h + "h " : "") + m + "m " + (h > 0 ? "" : s + "s");
    return negative ? text.trim() + " overdue" : text.trim();
  }

  /** The SLA that matters now: first response until answered, then resolution. */
  function slaState(t) {
    if (!t.sla) {
      return { text: "", level: "" };
    }
    const answered = !!t.firstResponseAt;
    const due = Date.parse(answered ? t.sla.resolutionDue : t.sla.firstResponseDue);
    const start = Date.parse(t.createdAt);
    if (isNaN(due)) {
      return { text: "", level: "" };
    }
    if (t.status === "resolved" || t.status === "closed") {
      return { text: "done", level: "sla-ok" };
    }
    const left = due - now();
    const window = Math.max(1, due - start);
    let level = "sla-ok";
    if (left < 0) {
      level = "sla-breach";
    } else if (left < window * 0.25) {
      level = "sla-warn";
    }
    return { text: (answered ? "resolve in " : "answer in ") + duration(left), level: level };
  }

  function filtered() {
    const p = $("filter-priority").value;
    const c = $("filter-category").value.trim().toLowerCase();
    const ch = $("filter-channel").value;
    return queue.filter(function (t) {
      return (!p || t.priority === p)
        && (!c || (t.category || "").toLowerCase().indexOf(c) === 0)
        && (!ch || t.channel === ch);
    });
  }

  function renderQueue() {
    const rows = $("queue-rows");
    C.clear(rows);
    const shown = filtered();
    shown.forEach(function (t) {
      const tr = el("tr", null, "ticket-row", { "data-id": t.id, tabindex: "0" });
      tr.appendChild(el("td", t.priority, "prio prio-" + t.priority));
      tr.appendChild(el("td", t.id + " — " + (t.subject || "")));
      tr.appendChild(el("td", t.category));
      tr.appendChild(el("td", t.requester ? t.requester.displayName || t.requester.userId : ""));
      tr.appendChild(el("td", t.channel));
      tr.appendChild(el("td", duration(now() - Date.parse(t.createdAt)), "age"));
      const sla = slaState(t);
      tr.appendChild(el("td", sla.text, "sla " + sla.level));
      tr.addEventListener("click", function () {
        open(t.id);
      });
      tr.addEventListener("keydown", function (e) {
        if (e.key === "Enter") {
          open(t.id);
        }
      });
      rows.appendChild(tr);
    });
    $("queue-count").textContent = "(" + shown.length + ")";
    $("queue-empty").hidden = shown.length > 0;
  }

  function tick() {
    document.querySelectorAll("#queue-rows tr").forEach(function (tr) {
      const t = queue.find(function (q) {
        return q.id === tr.getAttribute("data-id");
      });
      if (t) {
        const sla = slaState(t);
        tr.children[5].textContent = duration(now() - Date.parse(t.createdAt));
        tr.children[6].textContent = sla.text;
        tr.children[6].className = "sla " + sla.level;
      }
    });
    if (current) {
      const sla = slaState(current);
      $("t-sla").textContent = sla.text;
      $("t-sla").className = "sla " + sla.level;
    }
  }

  async function loadQueue() {
    const data = await C.api("GET", "/console/api/queue");
    clockSkew = Date.parse(data.serverTime) - Date.now();
    queue = data.tickets;
    renderQueue();
  }

  let reloadTimer = null;
  function reloadSoon() {
    if (reloadTimer) {
      return;
    }
    reloadTimer = setTimeout(function () {
      reloadTimer = null;
      loadQueue().catch(function (e) {
        say(e.message);
      });
    }, 150);
  }

  function list(id, items, render) {
    const node = $(id);
    C.clear(node);
    items.forEach(function (item) {
      node.appendChild(render(item));
    });
  }

  function renderTicket(t) {
    current = t;
    $("ticket-view").hidden = false;
    $("t-id").textContent = t.id;
    $("t-subject").textContent = t.subject || "";
    $("t-status").textContent = t.status;
    $("t-priority").textContent = t.priority;
    $("t-priority").className = "prio prio-" + t.priority;
    const r = t.requester || {};
    $("t-requester").textContent = [r.displayName, r.email, r.userId].filter(Boolean).join(" · ");
    $("t-channel").textContent = t.channel || "";
    $("t-category").textContent = t.category || "";
    $("t-reason").textContent = t.reason || "";
    const intent = t.intent || {};
    $("t-intent").textContent = intent.name
      ? intent.name + " (" + Math.round((intent.confidence || 0) * 100) + " %)"
      : "none";
    $("t-alternatives").textContent = (intent.ranking || [])
      .slice(1, 4)
      .map(function (s) {
        return s.intent + " " + Math.round(s.confidence * 100) + " %";
      })
      .join(", ");
    $("t-entities").textContent = (t.entities || [])
      .map(function (e) {
        return e.type + ": " + e.value;
      })
      .join(", ");
    $("t-impact").textContent = (t.impact || "") + " / " + (t.urgency || "");
    $("t-assignee").textContent = t.assignee || "nobody yet";
    $("t-group").textContent = t.group || "first line";
    $("t-resolution").textContent = t.resolution || "";
    $("t-csat").textContent = t.csat ? t.csat + " / 5" : "not rated";
    list("t-articles", t.articlesShown || [], function (a) {
      const verdict = a.helpful === true ? "helped" : a.helpful === false ? "did not help" : "no answer";
      return el("li", a.id + " — " + a.title + " (" + verdict + ")");
    });
    list("t-steps", t.stepsTried || [], function (s) {
      return el("li", s);
    });
    list("t-transcript", t.transcript || [], function (line) {
      const li = el("li", null, "from-" + line.from);
      li.appendChild(el("span", line.from, "who"));
      li.appendChild(el("span", line.text, "text"));
      return li;
    });
    list("t-notes", t.notes || [], function (n) {
      const li = el("li");
      li.appendChild(el("span", n.author, "who"));
      li.appendChild(el("span", n.text, "text"));
      return li;
    });
    const mine = t.status === "claimed" && t.assignee === C.me().name;
    const finished = t.status === "resolved" || t.status === "closed";
    $("claim").hidden = finished || mine;
    $("handback").disabled = !mine;
    $("reply-send").disabled = !mine;
    $("transfer").disabled = !mine;
    $("resolve").disabled = !mine;
    $("draft").hidden = !finished;
    tick();
  }

  async function open(id) {
    $("t-error").textContent = "";
    try {
      renderTicket(await C.api("GET", "/console/api/tickets/" + encodeURIComponent(id)));
    } catch (e) {
      $("t-error").textContent = e.message;
    }
  }

  async function act(path, body, after) {
    $("t-error").textContent = "";
    try {
      const t = await C.api("POST", "/console/api/tickets/" + encodeURIComponent(current.id) + path, body);
      renderTicket(t);
      if (after) {
        after();
      }
      reloadSoon();
    } catch (e) {
      $("t-error").textContent = e.message;
    }
  }

  function fill(template) {
    const t = current || {};
    const r = t.requester || {};
    const first = (r.displayName || "").trim().split(/\s+/)[0] || "there";
    const values = { name: first, agent: C.me().name, ticket: t.id || "", subject: t.subject || "" };
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : all;
    });
  }

  function onEvent(message) {
    let event;
    try {
      event = JSON.parse(message.data);
    } catch (e) {
      return;
    }
    if (event.type !== "ticket.user_message" && event.type !== "ticket.agent_message") {
      reloadSoon();
    }
    if (event.type === "ticket.created") {
      say("New ticket " + event.ticketId);
    } else if (event.type === "ticket.claimed" && event.actor !== C.me().name) {
      say(event.ticketId + " was claimed by " + event.actor);
    }
    if (current && event.ticketId === current.id && event.ticket) {
      renderTicket(event.ticket);
    }
  }

  async function start() {
    const me = await C.loadMe();
    $("analytics-link").hidden = !me.admin;
    const logoutToken = $("logout-csrf");
    logoutToken.name = "_csrf";
    logoutToken.value = me.csrfToken;
    canned = await C.api("GET", "/console/api/canned");
    canned.replies.forEach(function (r) {
      $("canned").appendChild(el("option", r.title, null, { value: r.id }));
    });
    canned.groups.forEach(function (g) {
      $("transfer-group").appendChild(el("option", g, null, { value: g }));
    });
    $("canned").addEventListener("change", function () {
      const r = canned.replies.find(function (x) {
        return x.id === $("canned").value;
      });
      if (r) {
        $("reply-text").value = fill(r.text);
        $("reply-text").focus();
      }
      $("canned").value = "";
    });
    ["filter-priority", "filter-category", "filter-channel"].forEach(function (id) {
      $(id).addEventListener("input", renderQueue);
    });
    $("filters").addEventListener("submit", function (e) {
      e.preventDefault();
    });
    $("claim").addEventListener("click", function () {
      act("/claim");
    });
    $("handback").addEventListener("click", function () {
      act("/handback");
    });
    $("draft").addEventListener("click", async function () {
      try {
        const d = await C.api("POST", "/console/api/tickets/" + encodeURIComponent(current.id) + "/draft");
        say("Drafted " + d.id + " for an admin to review.");
      } catch (e) {
        $("t-error").textContent = e.message;
      }
    });
    $("reply-form").addEventListener("submit", function (e) {
      e.preventDefault();
      act("/messages", { text: $("reply-text").value }, function () {
        $("reply-text").value = "";
      });
    });
    $("note-form").addEventListener("submit", function (e) {
      e.preventDefault();
      act("/notes", { text: $("note-text").value }, function () {
        $("note-text").value = "";
      });
    });
    $("transfer-form").addEventListener("submit", function (e) {
      e.preventDefault();
      act("/transfer", { group: $("transfer-group").value });
    });
    $("resolve-form").addEventListener("submit", function (e) {
      e.preventDefault();
      act("/resolve", { resolution: $("resolution-text").value }, function () {
        $("resolution-text").value = "";
      });
    });
    const events = new EventSource("/console/api/events");
    events.addEventListener("ticket", onEvent);
    events.addEventListener("open", function () {
      document.body.setAttribute("data-live", "true");
      reloadSoon();
    });
    await loadQueue();
    setInterval(tick, 1000);
  }

  start().catch(function (e) {
    say(e.message);
  });
})();
