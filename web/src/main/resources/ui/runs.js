"use strict";
// Runs page: history of simulations / recommendations with status filter, open and delete.

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("kind").addEventListener("change", load);
  document.getElementById("filter").addEventListener("change", load);
  document.getElementById("refresh").addEventListener("click", load);
  load();
});

async function load() {
  const kind = document.getElementById("kind").value;
  const filter = document.getElementById("filter").value;
  const status = document.getElementById("status");
  try {
    const page = await SP.call("GET", `${SP.api}/${kind}?page=0&size=100`);
    const runs = (page.runs || page.items || []).filter(r => !filter || r.status === filter);
    SP.status(status, `${runs.length} shown of ${page.total ?? runs.length}`);
    const table = SP.table(runs, [
      { key: "id", label: "Run" },
      { key: "status", label: "Status", value: r => SP.badge(r.status) },
      { key: "created_at", label: "Created", value: r => r.created_at || r.createdAt },
      { key: "spec", label: "What", value: r => describe(kind, r.spec) },
      { key: "open", label: "", value: r => r.status === "done" ? SP.reportLink(kind, r.id) : document.createTextNode(r.error || "") },
      { key: "delete", label: "", value: r => deleteButton(kind, r) },
    ]);
    table.id = "runs-table";
    document.getElementById("runs").replaceChildren(table);
  } catch (err) {
    SP.status(status, "Could not load runs: " + ((err.problem && err.problem.detail) || err.status), true);
  }
}

function describe(kind, spec) {
  if (!spec) return "–";
  if (kind === "simulations") {
    const w = spec.workload || {};
    return `${spec.model || "default model"} on ${spec.hardware || "default GPU"}, ${w.rate ?? "?"} req/s`;
  }
  const models = ((spec.candidates || {}).models || []).join(", ");
  return `${(spec.workload || {}).rate ?? "?"} req/s, models ${models || "default"}`;
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
