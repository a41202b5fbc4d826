// The console page: reads /api/v1/funnel and /api/v1/leads with the session cookie, draws the
// funnel as SVG, and refreshes every REFRESH_MS without a reload. Data only ever goes through
// textContent and attributes: never HTML.
"use strict";
(function () {
  const REFRESH_MS = 20000;
  const SVG = "http://www.w3.org/2000/svg";
  const COLORS = {
    byStage: { INITIAL_INTEREST: "#0b5cad", ACTIVE: "#1a7f37", TRIAL: "#8250df", DO_NOT_CONTACT: "#a40e26", UNKNOWN: "#6e7781" },
    byBranch: { qualified: "#1a7f37", nurture: "#0b5cad", dnc: "#a40e26" },
  };
  const LABELS = {
    INITIAL_INTEREST: "Initial interest", ACTIVE: "Active", TRIAL: "Trial", DO_NOT_CONTACT: "Do not contact",
    UNKNOWN: "Unknown", qualified: "Qualified", nurture: "Nurture", dnc: "Do not contact",
  };
  const state = { view: "byStage", funnel: null, timer: null, drawnWidth: 0 };
  const $ = (id) => document.getElementById(id);

  function el(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (attrs) for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    return node;
  }
  function svg(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    return node;
  }
  function filters() {
    const f = $("filters");
    return { offer: f.offer.value.trim(), source: f.source.value, owner: f.owner.value.trim(), days: Number(f.days.value) };
  }
  function isoDay(date) { return date.toISOString().slice(0, 10); }
  function duration(seconds) {
    if (seconds === null || seconds === undefined) return "–";
    if (seconds < 90) return seconds + " s";
    if (seconds < 5400) return Math.round(seconds / 60) + " min";
    if (seconds < 172800) return (seconds / 3600).toFixed(1) + " h";
    return (seconds / 86400).toFixed(1) + " d";
  }
  function percent(rate) { return rate === null || rate === undefined ? "–" : Math.round(rate * 100) + "%"; }
  function when(iso) {
    if (!iso) return "–";
    const d = new Date(iso);
    return d.toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
  }

  async function api(path) {
    const response = await fetch(path, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (response.status === 401) { window.location.assign("/"); throw new Error("signed out"); }
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = new Error(body.detail || ("HTTP " + response.status));
      error.status = response.status;
      throw error;
    }
    return body;
  }

  function notice(messages) {
    const box = $("notice");
    box.textContent = messages.join(" ");
    box.hidden = messages.length === 0;
  }

  async function refresh() {
    clearTimeout(state.timer);
    const f = filters();
    const to = new Date();
    const from = new Date(to.getTime() - (f.days - 1) * 86400000);
    const funnelQuery = new URLSearchParams({ from: isoDay(from), to: isoDay(to), offer: f.offer, source: f.source });
    const queueQuery = new URLSearchParams({ state: "OPEN", overdue: "true", owner: f.owner, offer: f.offer, limit: "100" });
    const problems = [];
    await Promise.all([
      api("/api/v1/funnel?" + funnelQuery).then((funnel) => { state.funnel = funnel; drawFunnel(); drawFigures(funnel.total); })
        .catch((e) => problems.push("Funnel: " + e.message)),
      api("/api/v1/leads?" + queueQuery).then(drawQueue).catch((e) => problems.push("Work queue: " + e.message)),
    ]);
    notice(problems);
    $("updated").textContent = (problems.length ? "Partly updated " : "Updated ") + new Date().toLocaleTimeString();
    state.timer = setTimeout(refresh, REFRESH_MS);
  }

  function drawFigures(total) {
    $("fig-leads").textContent = total.leads;
    $("fig-met").textContent = total.sla.met;
    $("fig-missed").textContent = total.sla.missed;
    $("fig-open").textContent = total.sla.open;
    $("fig-rate").textContent = percent(total.sla.metRate);
    $("fig-median").textContent = duration(total.medianSecondsToFirstContact);
    const list = $("conversion");
    list.replaceChildren();
    list.append(el("li", "Leads " + total.leads));
    for (const step of total.conversion) {
      const item = el("li", null, { "data-step": step.to });
      item.append(document.createTextNode("→ " + step.to[0].toUpperCase() + step.to.slice(1) + " "));
      item.append(el("strong", step.count));
      item.append(document.createTextNode(" (" + percent(step.rate) + ")"));
      list.append(item);
    }
  }

  function keysOf(days, view) {
    const keys = new Set(Object.keys(COLORS[view]));
    for (const day of days) for (const k of Object.keys(day[view])) keys.add(k);
    return [...keys];
  }

  /** The follow-up SLA of one lead: met, missed (contacted late, or overdue), open, or none. */
  function slaText(s) {
    if (s.slaMet === true) return "yes";
    if (s.slaMet === false) return "no (contacted after the deadline)";
    if (!s.followUpBy) return "–";
    return Date.parse(s.followUpBy) <= Date.now() ? "no (overdue, not contacted yet)" : "open";
  }

  function drawFunnel() {
    const days = state.funnel.days;
    const view = state.view;
    const keys = keysOf(days, view);
    const chart = $("funnel-chart");
    chart.replaceChildren();
    chart.setAttribute("data-view", view);
    // Drawn at the width it is shown at, so its labels keep their size on a phone.
    const shown = Math.round(chart.getBoundingClientRect().width);
    state.drawnWidth = shown;
    const W = shown >= 280 ? Math.min(shown, 1200) : 800, H = 260, left = 34, bottom = 22, top = 8;
    chart.setAttribute("viewBox", "0 0 " + W + " " + H);
    const max = Math.max(1, ...days.map((d) => d.leads));
    const step = (W - left) / Math.max(1, days.length);
    const barW = Math.max(2, Math.min(40, step * 0.7));
    const scale = (H - bottom - top) / max;
    for (const tick of [0, Math.ceil(max / 2), max]) {
      const y = H - bottom - tick * scale;
      chart.append(svg("line", { x1: left, x2: W, y1: y, y2: y, class: "axis" }));
      const label = svg("text", { x: left - 6, y: y + 4, "text-anchor": "end" });
      label.textContent = tick;
      chart.append(label);
    }
    days.forEach((day, i) => {
      const x = left + i * step + (step - barW) / 2;
      const group = svg("g", { class: "bar", "data-day": day.day, "data-total": day.leads });
      let y = H - bottom;
      for (const key of keys) {
        const count = day[view][key] || 0;
        if (count === 0) continue;
        const h = count * scale;
        y -= h;
        const rect = svg("rect", { x, y, width: barW, height: h, fill: COLORS[view][key] || "#6e7781", "data-key": key, "data-count": count });
        const title = svg("title", {});
        title.textContent = day.day + " · " + (LABELS[key] || key) + ": " + count;
        rect.append(title);
        group.append(rect);
      }
      chart.append(group);
      // A day label needs about 36 px; skip some when the days are narrower.
      const every = Math.max(1, Math.ceil(36 / step), days.length > 16 ? Math.ceil(days.length / 12) : 1);
      if (i % every === 0) {
        const label = svg("text", { x: x + barW / 2, y: H - 6, "text-anchor": "middle" });
        label.textContent = day.day.slice(5);
        chart.append(label);
      }
    });
    const legend = $("funnel-desc");
    legend.replaceChildren();
    for (const key of keys) {
      const item = el("span");
      const swatch = el("i", null, { "aria-hidden": "true" });
      swatch.style.background = COLORS[view][key] || "#6e7781";
      item.append(swatch, document.createTextNode(LABELS[key] || key));
      legend.append(item);
    }
    drawTable(days, keys, view);
  }

  function drawTable(days, keys, view) {
    const table = $("funnel-table");
    const head = el("tr");
    head.append(el("th", "Day", { scope: "col" }));
    for (const key of keys) head.append(el("th", LABELS[key] || key, { scope: "col", class: "num" }));
    head.append(el("th", "Leads", { scope: "col", class: "num" }));
    table.tHead.replaceChildren(head);
    const body = table.tBodies[0];
    body.replaceChildren();
    for (const day of days) {
      const row = el("tr", null, { "data-day": day.day });
      row.append(el("th", day.day, { scope: "row" }));
      for (const key of keys) row.append(el("td", day[view][key] || 0, { class: "num" }));
      row.append(el("td", day.leads, { class: "num", "data-total": day.leads }));
      body.append(row);
    }
  }

  function drawQueue(queue) {
    const body = $("queue-body");
    body.replaceChildren();
    const now = Date.now();
    for (const item of queue.items) {
      const s = item.status;
      const row = el("tr", null, { "data-lead-id": s.leadId });
      row.append(el("td", when(item.dueAt)));
      const late = item.dueAt ? Math.max(0, Math.round((now - Date.parse(item.dueAt)) / 1000)) : null;
      row.append(el("td", late === null ? "–" : duration(late), { class: item.overdue ? "overdue" : "" }));
      row.append(el("td", s.offer ? (s.offer.title || [s.offer.publisherId, s.offer.offerId].filter(Boolean).join(".")) : "–"));
      row.append(el("td", s.owner || "unassigned"));
      row.append(el("td", LABELS[s.stage] || s.stage || "–"));
      row.append(el("td", s.score === null || s.score === undefined ? "–" : s.score, { class: "num" }));
      const cell = el("td");
      const link = el("a", s.leadId, { href: "/leads/" + encodeURIComponent(s.leadId), "data-lead-link": s.leadId });
      link.addEventListener("click", (event) => { event.preventDefault(); openLead(s.leadId, true); });
      cell.append(link);
      row.append(cell);
      row.addEventListener("click", (event) => { if (event.target.tagName !== "A") openLead(s.leadId, true); });
      body.append(row);
    }
    $("queue-count").textContent = "(" + queue.count + ")";
    $("queue-empty").hidden = queue.items.length > 0;
  }

  function pairs(list, entries) {
    for (const [label, value] of entries) {
      list.append(el("dt", label));
      list.append(el("dd", value === null || value === undefined || value === "" ? "–" : value));
    }
  }

  async function openLead(leadId, push) {
    const panel = $("lead-panel");
    const body = $("lead-body");
    body.replaceChildren(el("p", "Loading…", { class: "hint" }));
    panel.hidden = false;
    panel.setAttribute("data-lead-id", leadId);
    $("lead-title").textContent = leadId;
    if (push) history.pushState({ leadId }, "", "/leads/" + encodeURIComponent(leadId));
    panel.focus();
    try {
      const view = await api("/api/v1/leads/" + encodeURIComponent(leadId));
      const s = view.status || {};
      const e = view.event || {};
      const c = e.customer || {};
      body.replaceChildren();
      body.append(el("h3", "Status"));
      const status = el("dl", null, { id: "lead-status" });
      pairs(status, [
        ["State", s.state], ["Branch", s.branch], ["Owner", s.owner], ["Stage", LABELS[s.stage] || s.stage],
        ["Score", s.score], ["First seen", when(s.firstSeenAt)], ["Follow up by", when(s.followUpBy)],
        ["First contact", when(s.firstContactAt)], ["SLA met", slaText(s)],
        ["Touches", s.touches],
      ]);
      body.append(status);
      body.append(el("h3", "Contact"));
      const contact = el("dl", null, { id: "lead-contact" });
      pairs(contact, [
        ["Name", [c.firstName, c.lastName].filter(Boolean).join(" ")], ["Email", c.email], ["Phone", c.phone],
        ["Company", c.company], ["Title", c.title], ["Country", c.country],
      ]);
      body.append(contact);
      body.append(el("h3", "Offer and source"));
      const offer = el("dl");
      pairs(offer, [
        ["Offer", e.offer ? e.offer.title : null], ["Offer id", e.offer ? [e.offer.publisherId, e.offer.offerId].filter(Boolean).join(".") : null],
        ["Source", e.source ? e.source.code : null], ["Action", e.action ? e.action.code : null],
      ]);
      body.append(offer);
    } catch (error) {
      body.replaceChildren(el("p", error.status === 404 ? "No such lead." : "Cannot show this lead now: " + error.message, { class: "error", role: "alert" }));
    }
  }

  function closeLead(push) {
    const panel = $("lead-panel");
    const leadId = panel.getAttribute("data-lead-id");
    panel.hidden = true;
    if (push) history.pushState({}, "", "/");
    // Back to where the keyboard was: the lead's row in the queue (redrawn since, perhaps).
    const link = leadId && document.querySelector('#queue-body a[data-lead-link="' + CSS.escape(leadId) + '"]');
    if (link) link.focus();
  }

  function leadFromPath() {
    const match = /^\/leads\/([^/]+)$/.exec(window.location.pathname);
    return match ? decodeURIComponent(match[1]) : null;
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("filters").addEventListener("submit", (event) => { event.preventDefault(); refresh(); });
    for (const id of ["filter-source", "filter-days"]) $(id).addEventListener("change", refresh);
    for (const button of document.querySelectorAll(".toggle button")) {
      button.addEventListener("click", () => {
        state.view = button.dataset.view;
        for (const b of document.querySelectorAll(".toggle button")) b.setAttribute("aria-pressed", String(b === button));
        if (state.funnel) drawFunnel();
      });
    }
    $("lead-close").addEventListener("click", () => closeLead(true));
    // Redrawn whenever the chart's own width changes (a window resize, a rotated phone, or the
    // layout settling once the work queue is filled), so its labels keep their size. The viewBox
    // only sets the chart's height, never its width: no redraw loop.
    let resized = null;
    new ResizeObserver((entries) => {
      const width = Math.round(entries[0].contentRect.width);
      if (!state.funnel || Math.abs(width - state.drawnWidth) < 2) return;
      clearTimeout(resized);
      resized = setTimeout(drawFunnel, 100);
    }).observe($("funnel-chart"));
    document.addEventListener("keydown", (event) => { if (event.key === "Escape" && !$("lead-panel").hidden) closeLead(true); });
    window.addEventListener("popstate", () => { const id = leadFromPath(); if (id) openLead(id, false); else closeLead(false); });
    const initial = leadFromPath();
    if (initial) openLead(initial, false);
    refresh();
  });
})();
