"use strict";
// What-if page: spec form (or full YAML/JSON) → POST /simulations → poll → metrics, charts, compare;
// "Sweep rates": the same spec → POST /sweeps?points=N → poll → throughput and latency charts, table.

const KEY_METRICS = ["completed", "duration", "request_throughput", "output_throughput", "request_goodput",
  "mean_ttft_ms", "p95_ttft_ms", "mean_tpot_ms", "p95_tpot_ms", "mean_itl_ms", "mean_e2el_ms",
  "p95_e2el_ms", "num_gpu_blocks", "kv_capacity_requests", "kv_cache_usage_mean", "kv_cache_usage_max",
  "num_preemptions", "prefix_cache_hit_rate", "mean_batch_size", "busy_fraction",
  "compute_bound_fraction"];
// For these, lower is better; for the rest in HIGHER_BETTER, higher is.
const LOWER_BETTER = new Set(["mean_ttft_ms", "p95_ttft_ms", "mean_tpot_ms", "p95_tpot_ms",
  "mean_itl_ms", "mean_e2el_ms", "p95_e2el_ms", "num_preemptions", "duration"]);
const HIGHER_BETTER = new Set(["request_throughput", "output_throughput", "request_goodput", "kv_capacity_requests"]);

let last = null;
let pinned = null;

document.addEventListener("DOMContentLoaded", () => {
  fillSelect("model", "/catalog/models");
  fillSelect("hardware", "/catalog/gpus");
  const form = document.getElementById("spec");
  form.addEventListener("submit", ev => { ev.preventDefault(); run(form); });
  document.getElementById("sweep").addEventListener("click", () => sweep(form));
  document.getElementById("pin").addEventListener("click", () => {
    pinned = last;
    SP.status(document.getElementById("status"), "Pinned run " + last.id + " as A. Change something and run again.");
  });
});

async function fillSelect(id, path) {
  try {
    const rows = await SP.call("GET", SP.api + path);
    const sel = document.getElementById(id);
    const current = sel.value;
    sel.replaceChildren(...rows.map(r => {
      const o = document.createElement("option");
      o.value = r.id;
      o.textContent = r.id;
      return o;
    }));
    sel.value = current;
  } catch (e) { /* the defaults stay */ }
}

async function run(form) {
  const status = document.getElementById("status");
  const bar = document.getElementById("bar");
  SP.clearErrors(form);
  const { body, type } = specBody(form);
  const button = document.getElementById("run");
  button.disabled = true;
  try {
    SP.status(status, "Submitting…");
    bar.style.width = "0%";
    const sub = await SP.call("POST", SP.api + "/simulations", body, type);
    const done = await SP.waitForRun(sub.href, r => {
      bar.style.width = Math.round((r.progress || 0) * 100) + "%";
      SP.status(status, r.status + "…");
    });
    if (done.status !== "done") {
      SP.status(status, "Simulation " + done.status + ": " + (done.error || ""), true);
      return;
    }
    bar.style.width = "100%";
    SP.status(status, "Done: run " + done.id + ".");
    last = done;
    document.getElementById("pin").disabled = false;
    render(done);
  } catch (err) {
    SP.showProblem(form, err, status);
  } finally {
    button.disabled = false;
  }
}

function render(run) {
  document.getElementById("verdict-box").replaceChildren(SPR.verdict(run.result));
  document.getElementById("metrics").replaceChildren(SPR.metricsTable(run.result.metrics));
  document.getElementById("charts").replaceChildren(
    SP.chart("simulations", run.id, "ttft_cdf", "CDF of time to first token"),
    SP.chart("simulations", run.id, "tpot_cdf", "CDF of time per output token"),
    SP.chart("simulations", run.id, "e2el_cdf", "CDF of end-to-end latency"),
    SP.chart("simulations", run.id, "time_series", "KV cache, batch, queue and throughput over time"));
  document.getElementById("report").replaceChildren(SP.reportLink("simulations", run.id), SPR.permalink(run.id));
  document.getElementById("result").classList.remove("hidden");
  if (pinned && pinned.id !== run.id) compare(pinned, run);
}

function compare(a, b) {
  const ma = a.result.metrics, mb = b.result.metrics;
  const rows = KEY_METRICS.filter(k => k in ma && k in mb).map(k => ({ metric: k, a: ma[k], b: mb[k] }));
  const t = SP.table(rows, [
    { key: "metric", label: "Metric" },
    { key: "a", label: "A (" + a.id.slice(0, 8) + ")", num: true },
    { key: "b", label: "B (" + b.id.slice(0, 8) + ")", num: true },
    { key: "delta", label: "B − A", num: true, value: r => {
      const d = r.b - r.a;
      const span = document.createElement("span");
      span.textContent = (d > 0 ? "+" : "") + SP.fmt(d);
      if (d !== 0 && (LOWER_BETTER.has(r.metric) || HIGHER_BETTER.has(r.metric))) {
        const good = LOWER_BETTER.has(r.metric) ? d < 0 : d > 0;
        span.className = good ? "better" : "worse";
      }
      return span;
    } },
  ]);
  t.classList.add("compare");
  t.id = "compare-table";
  const diff = SPR.specDiff(a.spec, b.spec);
  const p = document.createElement("p");
  p.textContent = diff.length ? "Changed: " + diff.join(", ") : "Same spec.";
  const link = document.createElement("a");
  link.href = "/compare.html?runs=" + encodeURIComponent(a.id) + "," + encodeURIComponent(b.id);
  link.id = "compare-link";
  link.textContent = "Compare A and B with their charts";
  document.getElementById("compare").replaceChildren(p, t, link);
  document.getElementById("compare-section").classList.remove("hidden");
}

/** The spec as the form or the full-spec box gives it, and its content type. */
function specBody(form) {
  const full = document.getElementById("fullspec").value.trim();
  return {
    body: full || SP.formToObject(form),
    type: full ? (full.startsWith("{") ? "application/json" : "application/yaml") : "application/json",
  };
}

async function sweep(form) {
  const status = document.getElementById("status");
  const bar = document.getElementById("bar");
  SP.clearErrors(form);
  const { body, type } = specBody(form);
  const points = document.getElementById("sweep_points").value.trim();
  const button = document.getElementById("sweep");
  button.disabled = true;
  try {
    SP.status(status, "Submitting the sweep…");
    bar.style.width = "0%";
    const sub = await SP.call("POST", SP.api + "/sweeps?points=" + encodeURIComponent(points), body, type);
    const done = await SP.waitForRun(sub.href, r => {
      bar.style.width = Math.round((r.progress || 0) * 100) + "%";
      SP.status(status, "Sweep " + r.status + "… " + Math.round((r.progress || 0) * 100) + "%");
    });
    if (done.status !== "done") {
      SP.status(status, "Sweep " + done.status + ": " + (done.error || ""), true);
      return;
    }
    bar.style.width = "100%";
    SP.status(status, "Done: sweep " + done.id + ".");
    renderSweep(done);
  } catch (err) {
    SP.showProblem(form, err, status);
  } finally {
    button.disabled = false;
  }
}

function renderSweep(run) {
  const s = run.result;
  document.getElementById("sweep-summary").textContent = `${s.configuration}: service rate ${SP.fmt(s.service_rps)} req/s, `
    + `knee ${SP.fmt(s.knee_rps)} req/s, SLO capacity ${SP.fmt(s.max_rps)} req/s `
    + `(TTFT ${SP.fmt(s.slo.ttft_ms)} ms, TPOT ${SP.fmt(s.slo.tpot_ms)} ms, ${SP.fmt(s.slo.attainment * 100)}% of requests).`;
  document.getElementById("sweep-charts").replaceChildren(
    SP.chart("sweeps", run.id, "throughput", "Throughput and goodput against offered rate"),
    SP.chart("sweeps", run.id, "capacity", "p95 latency against offered rate"));
  const t = SP.table(s.curve, [
    { key: "rps", label: "offered req/s", num: true },
    { key: "achieved_rps", label: "throughput req/s", num: true },
    { key: "goodput_rps", label: "goodput req/s", num: true },
    { key: "attainment", label: "SLO attainment", num: true },
    { key: "p50_ttft_ms", label: "p50 TTFT ms", num: true },
    { key: "p95_ttft_ms", label: "p95 TTFT ms", num: true },
    { key: "p50_tpot_ms", label: "p50 TPOT ms", num: true },
    { key: "p95_tpot_ms", label: "p95 TPOT ms", num: true },
    { key: "requests", label: "requests", num: true },
    { key: "verdict", label: "verdict", value: p => (p.pass ? "holds the SLO" : p.verdict) + (p.rps === s.knee_rps ? " (knee)" : "") },
  ]);
  t.id = "sweep-table-rows";
  document.getElementById("sweep-table").replaceChildren(t);
  document.getElementById("sweep-report").replaceChildren(SP.reportLink("sweeps", run.id), SPR.permalink(run.id));
  document.getElementById("sweep-result").classList.remove("hidden");
}
