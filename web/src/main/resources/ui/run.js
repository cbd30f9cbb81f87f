"use strict";
// Run page (/runs/{id}): the permalink of a stored simulation, recommendation or sweep, rendered
// from its stored result with its charts.

const COLLECTIONS = ["simulations", "recommendations", "sweeps"];

document.addEventListener("DOMContentLoaded", async () => {
  const id = decodeURIComponent(location.pathname.replace(/^\/runs\//, "").replace(/\/$/, ""));
  const status = document.getElementById("status");
  try {
    const found = await find(id);
    if (!found) {
      SP.status(status, "No run " + id + ": it was deleted, or never existed.", true);
      return;
    }
    show(found.collection, found.run);
    if (["queued", "running"].includes(found.run.status)) {
      const done = await SP.waitForRun(found.run.href, r => SP.status(status,
        r.status + "… " + Math.round((r.progress || 0) * 100) + "%"));
      show(found.collection, done);
    }
  } catch (err) {
    SP.status(status, "Could not load run " + id + ": " + ((err.problem && err.problem.detail) || err.status), true);
  }
});

/** The run with this id in whichever collection holds it. */
async function find(id) {
  for (const c of COLLECTIONS) {
    try {
      return { collection: c, run: await SP.call("GET", `${SP.api}/${c}/${encodeURIComponent(id)}`) };
    } catch (err) {
      if (err.status !== 404) throw err;
    }
  }
  return null;
}

function show(collection, run) {
  const kind = collection.replace(/s$/, "");
  document.title = "ServePlan — " + kind + " " + run.id;
  document.getElementById("title").textContent = kind[0].toUpperCase() + kind.slice(1) + " " + run.id;
  document.getElementById("meta").replaceChildren(SP.badge(run.status),
    document.createTextNode(` created ${run.created_at || "–"}, finished ${run.finished_at || "–"}`));
  document.getElementById("spec").textContent = JSON.stringify(run.spec, null, 2);
  SP.status(document.getElementById("status"), run.status === "done" ? "" : run.status + (run.error ? ": " + run.error : ""),
    ["failed", "interrupted"].includes(run.status));
  if (run.status !== "done" || !run.result) return;
  const summary = document.getElementById("summary");
  const details = document.getElementById("details");
  const charts = document.getElementById("charts");
  if (collection === "simulations") {
    summary.replaceChildren(SPR.verdict(run.result));
    details.replaceChildren(SPR.metricsTable(run.result.metrics));
    charts.replaceChildren(
      SP.chart(collection, run.id, "ttft_cdf", "CDF of time to first token"),
      SP.chart(collection, run.id, "tpot_cdf", "CDF of time per output token"),
      SP.chart(collection, run.id, "e2el_cdf", "CDF of end-to-end latency"),
      SP.chart(collection, run.id, "time_series", "KV cache, batch, queue and throughput over time"));
  } else if (collection === "recommendations") {
    const r = run.result;
    const be = document.createElement("p");
    be.id = "breakeven";
    be.textContent = SPR.breakEvenSentence(r.break_even, r.monthly_tokens);
    summary.replaceChildren(SPR.headline(r), be);
    const t = SP.table(r.options || [], [
      { key: "rank", label: "#", num: true },
      { key: "option", label: "Option", value: o => SPR.optionName(o) },
      { key: "usd_per_month", label: "USD / month", num: true, fmt: SP.money },
      { key: "usd_per_million_tokens", label: "USD / M tokens", num: true, fmt: SP.money },
      { key: "capacity_rps", label: "Capacity (requests/s)", num: true },
      { key: "p95_ttft_ms", label: "p95 TTFT (ms)", num: true },
    ], (o, i) => i === 0 ? "best" : "");
    t.id = "options-table";
    details.replaceChildren(t);
    charts.replaceChildren(
      SP.chart(collection, run.id, "cost_per_million", "Cost per million tokens by option"),
      SP.chart(collection, run.id, "break_even", "Monthly cost against monthly tokens"),
      SP.chart(collection, run.id, "pareto", "Cost against p95 TTFT"));
  } else {
    const s = run.result;
    const p = document.createElement("p");
    p.id = "sweep-summary";
    p.textContent = `${s.configuration}: service rate ${SP.fmt(s.service_rps)} requests/s, knee `
      + `${SP.fmt(s.knee_rps)} requests/s, SLO capacity ${SP.fmt(s.max_rps)} requests/s.`;
    summary.replaceChildren(p);
    details.replaceChildren();
    charts.replaceChildren(
      SP.chart(collection, run.id, "throughput", "Throughput and goodput against offered rate"),
      SP.chart(collection, run.id, "capacity", "p95 latency against offered rate"));
  }
  document.getElementById("report").replaceChildren(SP.reportLink(collection, run.id));
}
