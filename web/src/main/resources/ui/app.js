// ServePlan UI: shared helpers (no framework, no CDN; the server's CSP allows only 'self').
"use strict";

// `serve --host ...` prints a URL ending in #token=...; the fragment never reaches a server. Keep
// the token for this origin and take it out of the address bar. Such a server wants the token on
// reads too: SP.call sends it as a header, and the cookie serveplan_token carries it for what
// cannot send one (chart <img>s, report links). The server takes the cookie on reads only.
(function takeTokenFromUrl() {
  const m = /(?:^#|&)token=([A-Za-z0-9_\-]+)/.exec(window.location.hash || "");
  if (m) {
    window.localStorage.setItem("serveplan.token", m[1]);
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
  }
  const token = window.localStorage.getItem("serveplan.token");
  if (token && /^[A-Za-z0-9_\-]+$/.test(token)) {
    document.cookie = "serveplan_token=" + token + "; path=/; SameSite=Strict"
      + (window.location.protocol === "https:" ? "; Secure" : "");
  }
})();

const SP = {
  api: "/api/v1",

  /** Calls the API; resolves with the JSON body, rejects with {status, problem}. */
  async call(method, url, body, contentType) {
    const headers = { "Accept": "application/json" };
    const token = window.localStorage.getItem("serveplan.token");
    if (token) headers["Authorization"] = "Bearer " + token;
    let payload;
    if (body !== undefined) {
      headers["Content-Type"] = contentType || "application/json";
      payload = typeof body === "string" ? body : JSON.stringify(body);
    }
    const res = await fetch(url, { method, headers, body: payload });
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = { detail: text }; }
    if (!res.ok) throw { status: res.status, problem: json || {} };
    return json;
  },

  /** Polls a run until it is done, failed, cancelled or interrupted. */
  async waitForRun(href, onProgress) {
    for (;;) {
      const run = await SP.call("GET", href);
      if (onProgress) onProgress(run);
      if (["done", "failed", "cancelled", "interrupted"].includes(run.status)) return run;
      await new Promise(r => setTimeout(r, 400));
    }
  },

  /** Shows a problem's field errors next to the inputs whose data-field names them. */
  showProblem(form, err, statusEl) {
    SP.clearErrors(form);
    const p = err.problem || {};
    const errors = p.errors || [];
    let unplaced = [];
    for (const e of errors) {
      const input = SP.inputFor(form, e.field || "");
      const msg = e.message + (e.allowed && e.allowed.length ? " (allowed: " + e.allowed.join(", ") + ")" : "");
      if (input) {
        input.classList.add("invalid");
        const div = document.createElement("div");
        div.className = "field-error";
        div.dataset.errorFor = e.field;
        div.textContent = msg;
        input.insertAdjacentElement("afterend", div);
      } else {
        unplaced.push(e.field + ": " + msg);
      }
    }
    const summary = (p.title || "Request failed") + (p.detail ? ": " + p.detail : "")
      + (unplaced.length ? " — " + unplaced.join("; ") : "");
    SP.status(statusEl, summary, true);
  },

  /**
   * The input a problem's field names: exact data-field match, else the nearest enclosing path
   * (workload.input_tokens.mean → workload.input_tokens), else the first input below it, else a
   * free-form input (data-field-prefix) such as the full-spec textarea. Indexes like [0] are dropped.
   */
  inputFor(form, field) {
    const clean = field.replace(/\[\d+\]/g, "");
    const parts = clean.split(".");
    for (let n = parts.length; n > 0; n--) {
      const path = parts.slice(0, n).join(".");
      const exact = form.querySelector(`[data-field="${CSS.escape(path)}"]:not([type=hidden])`);
      if (exact) return exact;
      const below = Array.from(form.querySelectorAll("[data-field]"))
        .find(i => i.type !== "hidden" && i.dataset.field.startsWith(path + "."));
      if (below) return below;
    }
    const free = form.querySelector("[data-field-prefix]");
    return free && free.value.trim() ? free : null;
  },

  clearErrors(form) {
    form.querySelectorAll(".field-error").forEach(e => e.remove());
    form.querySelectorAll(".invalid").forEach(e => e.classList.remove("invalid"));
  },

  status(el, text, isError) {
    if (!el) return;
    el.textContent = text;
    el.classList.toggle("error", !!isError);
  },

  /** Builds a table from rows and [{key, label, num, fmt, value, cls}] columns. */
  table(rows, columns, rowClass) {
    const t = document.createElement("table");
    const head = t.createTHead().insertRow();
    for (const c of columns) {
      const th = document.createElement("th");
      th.textContent = c.label || c.key;
      head.appendChild(th);
    }
    const body = t.createTBody();
    rows.forEach((r, i) => {
      const tr = body.insertRow();
      if (rowClass) { const cls = rowClass(r, i); if (cls) tr.className = cls; }
      for (const c of columns) {
        const td = tr.insertCell();
        const v = typeof c.value === "function" ? c.value(r) : r[c.key];
        if (v instanceof Node) td.appendChild(v);
        else td.textContent = c.fmt ? c.fmt(v, r) : SP.fmt(v);
        if (c.num) td.className = "num";
        if (c.cls) td.classList.add(c.cls);
      }
    });
    return t;
  },

  fmt(v) {
    if (v === null || v === undefined) return "–";
    if (typeof v === "number") {
      if (Number.isInteger(v)) return v.toLocaleString("en-US");
      const a = Math.abs(v);
      return a >= 1000 ? v.toLocaleString("en-US", { maximumFractionDigits: 0 })
        : a >= 1 ? v.toFixed(2) : v.toPrecision(3);
    }
    if (Array.isArray(v)) return v.join("; ");
    if (typeof v === "object") return JSON.stringify(v);
    return String(v);
  },

  money(v) {
    return v === null || v === undefined ? "–" : "$" + SP.fmt(v);
  },

  /** An <img> of a stored run's chart (rendered by the server with JFreeChart). */
  chart(kind, id, name, alt) {
    const img = document.createElement("img");
    img.src = `${SP.api}/reports/${kind}/${encodeURIComponent(id)}/${name}.png`;
    img.alt = alt;
    img.dataset.chart = name;
    return img;
  },

  reportLink(kind, id) {
    const a = document.createElement("a");
    a.href = `${SP.api}/reports/${kind}/${encodeURIComponent(id)}/index.html`;
    a.textContent = "full report";
    a.target = "_blank";
    return a;
  },

  badge(status) {
    const s = document.createElement("span");
    s.className = "badge " + status;
    s.textContent = status;
    return s;
  },

  /** Reads a form's [data-field] inputs into a nested object (dotted names). */
  formToObject(form) {
    const out = {};
    form.querySelectorAll("[data-field]").forEach(input => {
      if (input.dataset.skip === "true") return;
      let v = input.value.trim();
      if (v === "") return;
      if (input.type === "number") v = Number(v);
      else if (input.type === "checkbox") v = input.checked;
      else if (input.dataset.list === "true") v = v.split(",").map(s => s.trim()).filter(Boolean);
      const path = input.dataset.field.split(".");
      let o = out;
      for (let i = 0; i < path.length - 1; i++) o = (o[path[i]] = o[path[i]] || {});
      o[path[path.length - 1]] = v;
    });
    return out;
  },

  markNav() {
    const here = location.pathname.replace(/^\/ui/, "") || "/";
    document.querySelectorAll("header nav a").forEach(a => {
      const target = a.getAttribute("href");
      if (target === here || (here === "/" && target === "/index.html")) a.classList.add("active");
    });
  },
};

document.addEventListener("DOMContentLoaded", SP.markNav);
