"use strict";
// Recommend page: workload sheet → POST /recommendations → poll → ranked options, APIs, charts.

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("sheet");
  const status = document.getElementById("status");
  const bar = document.getElementById("bar");
  SP.call("GET", SP.api + "/calibrations").then(list => {
    const ids = document.getElementById("calibration-ids");
    for (const c of list || []) {
      const o = document.createElement("option");
      o.value = c.id;
      o.label = c.id + " (" + c.model + " on " + c.hardware + ")";
      ids.appendChild(o);
    }
  }).catch(() => {});
  form.addEventListener("submit", async ev => {
    ev.preventDefault();
    SP.clearErrors(form);
    document.getElementById("result").classList.add("hidden");
    const sheet = SP.formToObject(form);
    const profiles = document.getElementById("calibrations").value.split(",").map(s => s.trim()).filter(Boolean);
    if (profiles.length) sheet.calibrations = profiles.map(id => ({profile: id}));
    if (!sheet.candidates || !sheet.candidates.hardware) {
      sheet.candidates = sheet.candidates || {};
      sheet.candidates.hardware = [];
    }
    const button = document.getElementById("submit");
    button.disabled = true;
    try {
      SP.status(status, "Submitting…");
      const run = await SP.call("POST", SP.api + "/recommendations", sheet);
      const done = await SP.waitForRun(run.href, r => {
        bar.style.width = Math.round((r.progress || 0) * 100) + "%";
        SP.status(status, r.status + "…");
      });
      if (done.status !== "done") {
        SP.status(status, "Recommendation " + done.status + ": " + (done.error || ""), true);
        return;
      }
      bar.style.width = "100%";
      SP.status(status, "Done.");
      render(done);
    } catch (err) {
      SP.showProblem(form, err, status);
    } finally {
      button.disabled = false;
    }
  });
});

function render(run) {
  const r = run.result;
  const options = r.options || [];
  const cols = [
    { key: "rank", label: "#", value: (o) => options.indexOf(o) + 1, num: true },
    { key: "operating_model", label: "Operating model" },
    { key: "model", label: "Model" },
    { key: "hardware", label: "GPU / provider", value: o => o.hardware || o.provider || o.api || "–" },
    { key: "gpus", label: "GPUs", num: true },
    { key: "tensor_parallel", label: "TP", num: true },
    { key: "weights_dtype", label: "Weights" },
    { key: "engine", label: "Engine", value: o => engineCell(o) },
    { key: "replicas", label: "Replicas", value: o => rangeText(o.replicas, o.range, "replicas", String) },
    { key: "capacity_rps", label: "Capacity (req/s)", value: o => rangeText(o.capacity_rps, o.range, "capacity_rps", SP.fmt) },
    { key: "slo_attainment", label: "SLO met", num: true },
    { key: "usd_per_month", label: "USD / month", value: o => rangeText(o.usd_per_month, o.range, "usd_per_month", SP.money) },
    { key: "stale", label: "Price", value: o => priceMark(o) },
    { key: "usd_per_million_input_tokens", label: "$ / M input", num: true, fmt: SP.money },
    { key: "usd_per_million_output_tokens", label: "$ / M output", num: true, fmt: SP.money },
    { key: "reasons", label: "Why", cls: "why", value: o => reasonList(o.reasons) },
  ];
  const holder = document.getElementById("options");
  holder.replaceChildren(SP.table(options, cols, (o, i) => i === 0 ? "best" : ""));
  holder.firstChild.id = "options-table";

  document.getElementById("headline-box").replaceChildren(SPR.headline(r));
  document.getElementById("breakeven").textContent = r.break_even
    ? "Break-even: " + SPR.breakEvenSentence(r.break_even, r.monthly_tokens) : "";

  const apis = r.api_comparison || options.filter(o => o.operating_model === "hosted-api");
  const apiCols = Object.keys(apis[0] || {}).filter(k => typeof apis[0][k] !== "object" || apis[0][k] === null)
    .slice(0, 9).map(k => ({ key: k, num: typeof apis[0][k] === "number",
      fmt: k.startsWith("usd") ? SP.money : undefined }));
  document.getElementById("apis").replaceChildren(apis.length ? SP.table(apis, apiCols)
    : document.createTextNode("No hosted API was compared (privacy or candidates exclude them)."));

  const charts = document.getElementById("charts");
  charts.replaceChildren(
    SP.chart("recommendations", run.id, "cost_per_million", "Cost per million tokens by option"),
    SP.chart("recommendations", run.id, "break_even", "Monthly cost against monthly tokens"),
    SP.chart("recommendations", run.id, "pareto", "Cost against p95 TTFT"));
  document.getElementById("report").replaceChildren(SP.reportLink("recommendations", run.id), SPR.permalink(run.id));
  document.getElementById("result").classList.remove("hidden");
}

/** The reasons as a short list: they wrap inside a bounded column instead of widening the table. */
function reasonList(reasons) {
  if (!Array.isArray(reasons)) return SP.fmt(reasons);
  const ul = document.createElement("ul");
  for (const r of reasons) {
    const li = document.createElement("li");
    li.textContent = r;
    ul.appendChild(li);
  }
  return ul;
}

/** A value with its low–high range under it (capacity, replicas, $), and an overlap note. */
function rangeText(value, range, key, fmt) {
  const span = document.createElement("span");
  if (value === null || value === undefined) { span.textContent = "–"; return span; }
  span.textContent = fmt(value);
  if (range && range[key + "_low"] !== undefined) {
    const small = document.createElement("small");
    small.className = "range";
    small.textContent = " (" + fmt(range[key + "_low"]) + "–" + fmt(range[key + "_high"]) + ")";
    span.appendChild(small);
  }
  return span;
}

/** The engine, marked when its preset is provisional (efficiencies tuned to no published figure) or a profile timed it. */
function engineCell(o) {
  const span = document.createElement("span");
  span.textContent = engineLabel(o.engine);
  if (o.provisional_engine) {
    const mark = document.createElement("strong");
    mark.className = "provisional";
    mark.title = "provisional engine preset: its efficiencies are estimates; see the reasons";
    mark.textContent = " provisional";
    span.appendChild(mark);
  }
  if (o.timing && o.timing.origin === "calibration-profile") {
    const mark = document.createElement("strong");
    mark.className = "calibrated";
    mark.title = "timed by calibration profile " + o.timing.source + ": capacity ±"
      + Math.round(o.timing.capacity_range_fraction * 100) + "%";
    mark.textContent = " calibrated: " + o.timing.source;
    span.appendChild(mark);
  }
  return span;
}

function priceMark(o) {
  const s = document.createElement("span");
  const asOf = o.price && o.price.as_of;
  if (o.stale) { s.className = "stale"; s.textContent = "stale (" + asOf + ")"; }
  else s.textContent = asOf || "–";
  return s;
}

function engineLabel(e) {
  if (!e) return "–";
  if (typeof e !== "object") return String(e);
  const parts = [e.scheduler, e.max_num_seqs && "max_num_seqs " + e.max_num_seqs,
    e.max_num_batched_tokens && "batched " + e.max_num_batched_tokens].filter(Boolean);
  return e.preset + (parts.length ? " (" + parts.join(", ") + ")" : "");
}
