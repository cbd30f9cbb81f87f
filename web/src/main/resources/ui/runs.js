"use strict";
// Runs page: history of simulations, recommendations and sweeps (one kind or all) with status filter,
// open and delete.

const KINDS = ["simulations", "recommendations", "sweeps"];
// a run's kind (its JSON "kind") → the collection its URLs live under
const COLLECTION = { simulation: "simulations", recommendation: "recommendations", sweep: "sweeps" };
// the simulations picked for comparison, in the order picked: the first is A
let picked = [];

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("kind").addEventListener("change", load);
  document.getElementById("filter").addEventListener("change", load);
  document.getElementById("refresh").addEventListener("click", load);
  document.getElementById("compare").addEventListener("click", () => {
    location.href = "/compare.html?runs=" + picked.map(encodeURIComponent).join(",");
  });
  load();
});

async function load() {
  const kind = document.getElementById("kind").value;
  const filter = document.getElementById("filter").value;
  const status = document.getElementById("status");
  try {
    const pages = await Promise.all((kind === "all" ? KINDS : [kind])
      .map(k => SP.call("GET", `${SP.api}/${k}?page=0&size=100`)));
    const total = pages.reduce((n, p) => n + (p.total ?? 0), 0);
    const runs = pages.flatMap(p => p.runs || p.items || []).filter(r => !filter || r.status === filter)
      .sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)));
    SP.status(status, `${runs.length} shown of ${total}`);
    const table = SP.table(runs, [
      { key: "pick", label: "Compare", value: r => pick(r) },
      { key: "id", label: "Run" },
      { key: "kind", label: "Kind" },
      { key: "status", label: "Status", value: r => SP.badge(r.status) },
      { key: "created_at", label: "Created", value: r => r.created_at || r.createdAt },
      { key: "spec", label: "What", value: r => describe(COLLECTION[r.kind], r.spec) },
      { key: "open", label: "", value: r => open(r) },
      { key: "delete", label: "", value: r => deleteButton(COLLECTION[r.kind], r) },
    ]);
    table.id = "runs-table";
    document.getElementById("runs").replaceChildren(table);
    updateCompare();
  } catch (err) {
    SP.status(status, "Could not load runs: " + ((err.problem && err.problem.detail) || err.status), true);
  }
}

/** A compare checkbox for a finished simulation (the compare page overlays 2 or 3 of them). */
function pick(run) {
  if (run.kind !== "simulation" || run.status !== "done") return document.createTextNode("");
  const box = document.createElement("input");
  box.type = "checkbox";
  box.className = "pick";
  box.value = run.id;
  box.setAttribute("aria-label", "compare " + run.id);
  box.checked = picked.includes(run.id);
  box.addEventListener("change", () => {
    picked = picked.filter(id => id !== run.id);
    if (box.checked) picked.push(run.id);
    updateCompare();
  });
  return box;
}

function updateCompare() {
  const shown = new Set(Array.from(document.querySelectorAll("input.pick")).map(b => b.value));
  picked = picked.filter(id => shown.has(id));
  const button = document.getElementById("compare");
  button.disabled = picked.length < 2 || picked.length > 3;
  button.textContent = "Compare selected" + (picked.length ? " (" + picked.length + ")" : "");
}

/** The run's permalink, with the static report beside it once it is done, and its error if it failed. */
function open(run) {
  const span = document.createElement("span");
  span.appendChild(SPR.permalink(run.id));
  if (run.status === "done") span.append(" ", SP.reportLink(COLLECTION[run.kind], run.id));
  else if (run.error) span.append(" " + run.error);
  return span;
}

/** A workload's load in words: its rate, its closed-loop users, or the trace it replays. */
function load_(w) {
  if (w.arrival === "trace") return "trace " + (w.trace || "replay") + (w.time_scale ? ` ×${w.time_scale}` : "");
  if (w.arrival === "concurrency") return `${w.concurrency ?? "?"} concurrent users`;
  if (w.arrival === "offline") return "offline batch";
  return `${w.rate ?? "default rate"} req/s`;
}

function describe(kind, spec) {
  if (!spec) return "–";
  if (kind === "sweeps") {
    const w = spec.what_if || {};
    const over = spec.rates ? `rates ${spec.rates.join(", ")} req/s` : `${spec.points} rates`;
    return `${w.model || "default model"} on ${w.hardware || "default GPU"}, ${over}`;
  }
  if (kind === "simulations") {
    const w = spec.workload || {};
    return `${spec.model || "default model"} on ${spec.hardware || "default GPU"}, ${load_(w)}`;
  }
  const models = ((spec.candidates || {}).models || []).join(", ");
  return `${load_(spec.workload || {})}, models ${models || "default"}`;
}

function deleteButton(kind, run) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "secondary";
  b.textContent = ["queued", "running"].includes(run.status) ? "Cancel" : "Delete";
  b.addEventListener("click", async () => {
    try {
      await SP.call("DELETE", `${SP.api}/${kind}/${encodeURIComponent(run.id)}`);
      load();
    } catch (err) {
      SP.status(document.getElementById("status"), "Delete failed: " + ((err.problem && err.problem.detail) || err.status), true);
    }
  });
  return b;
}
