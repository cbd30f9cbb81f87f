"use strict";
// Compare page (/compare.html?runs=a,b[,c]): stored simulations side by side, each in its run
// colour (A, B, C) in the table and in the server-drawn overlay charts.

document.addEventListener("DOMContentLoaded", async () => {
  const status = document.getElementById("status");
  const ids = (new URLSearchParams(location.search).get("runs") || "").split(",").map(s => s.trim()).filter(Boolean);
  if (ids.length < 2 || ids.length > 3) {
    SP.status(status, "Compare takes 2 or 3 runs (runs=id1,id2[,id3]); pick them on the Runs page.", true);
    return;
  }
  try {
    const runs = await Promise.all(ids.map(id => SP.call("GET", `${SP.api}/simulations/${encodeURIComponent(id)}`)));
    const notDone = runs.filter(r => r.status !== "done");
    if (notDone.length) {
      SP.status(status, "Not finished: " + notDone.map(r => r.id + " (" + r.status + ")").join(", "), true);
      return;
    }
    render(runs);
  } catch (err) {
    SP.status(status, "Could not load the runs: " + ((err.problem && err.problem.detail) || err.status), true);
  }
});

/** A run's column heading: its colour, its letter and its id's start, linked to its permalink. */
function heading(run, i) {
  const span = document.createElement("span");
  const sw = document.createElement("span");
  sw.className = "swatch run-" + i;
  const a = document.createElement("a");
  a.href = "/runs/" + encodeURIComponent(run.id);
  a.textContent = String.fromCharCode(65 + i) + " " + run.id.slice(0, 8);
  span.append(sw, a);
  return span;
}

function render(runs) {
  const verdicts = document.getElementById("verdicts");
  verdicts.replaceChildren(...runs.map((r, i) => {
    const div = document.createElement("div");
    div.className = "run-verdict";
    div.dataset.run = String(i);
    const h = document.createElement("h3");
    h.appendChild(heading(r, i));
    div.append(h, SPR.verdict(r.result));
    return div;
  }));

  const table = document.createElement("table");
  table.id = "compare-table";
  table.className = "compare";
  const head = table.createTHead().insertRow();
  for (const label of ["Metric", "What"]) {
    const th = document.createElement("th");
    th.textContent = label;
    head.appendChild(th);
  }
  runs.forEach((r, i) => {
    const th = document.createElement("th");
    th.className = "num";
    th.appendChild(heading(r, i));
    head.appendChild(th);
  });
  const body = table.createTBody();
  for (const [key, label, unit] of SPR.METRICS) {
    if (!runs.every(r => key in (r.result.metrics || {}))) continue;
    const tr = body.insertRow();
    tr.insertCell().textContent = key;
    tr.insertCell().textContent = label;
    for (const r of runs) {
      const td = tr.insertCell();
      td.className = "num";
      td.textContent = SPR.withUnit(r.result.metrics[key], unit);
    }
  }
  document.getElementById("compare-runs").replaceChildren(table);

  const changes = runs.slice(1).map((r, i) => {
    const diff = SPR.specDiff(runs[0].spec, r.spec);
    return String.fromCharCode(66 + i) + " against A: " + (diff.length ? diff.join(", ") : "the same spec");
  });
  document.getElementById("changes").textContent = changes.join(". ") + ".";

  const ids = runs.map(r => encodeURIComponent(r.id)).join(",");
  document.getElementById("compare-charts").replaceChildren(...[
    ["ttft_cdf", "CDFs of time to first token"], ["tpot_cdf", "CDFs of time per output token"],
    ["e2el_cdf", "CDFs of end-to-end latency"]].map(([name, alt]) => {
    const img = document.createElement("img");
    img.src = `${SP.api}/compare/${name}.png?runs=${ids}`;
    img.alt = alt;
    img.dataset.chart = name;
    return img;
  }));
  SP.status(document.getElementById("status"), "");
}
