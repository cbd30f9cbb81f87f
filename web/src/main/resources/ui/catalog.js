"use strict";
// Catalog page: GPUs, models, APIs and engine presets with sources and dates; add a custom GPU;
// list the custom entries with their origin and delete them.

const COLUMNS = {
  gpus: ["id", "name", "memory_gb", "memory_bandwidth_gbps", "bf16_tflops", "fp8_tflops", "interconnect_gbps", "confidence", "source", "as_of"],
  models: ["id", "name", "total_params", "active_params", "num_layers", "kv_cache_bytes_per_token", "confidence", "source", "as_of"],
  apis: ["id", "provider", "model", "input_usd_per_mtok", "output_usd_per_mtok", "catalog_model", "source", "as_of", "stale"],
  "gpu-prices": ["id", "provider", "gpu", "tier", "usd_per_gpu_hour", "region", "source", "as_of", "stale"],
  engines: ["id", "name", "compute_efficiency", "memory_efficiency", "per_step_overhead_us", "default_scheduler", "basis"],
};

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("which").addEventListener("change", load);
  document.getElementById("custom").addEventListener("submit", addGpu);
  load();
  loadCustom();
});

async function load() {
  const which = document.getElementById("which").value;
  const status = document.getElementById("status");
  try {
    const rows = await SP.call("GET", `${SP.api}/catalog/${which}`);
    const keys = COLUMNS[which].filter(k => rows.some(r => k in r));
    const table = SP.table(rows, keys.map(k => ({
      key: k, num: rows.length > 0 && typeof rows[0][k] === "number",
      value: k === "stale" ? (r => staleMark(r)) : undefined,
    })));
    table.id = "catalog-table";
    document.getElementById("catalog").replaceChildren(table);
    SP.status(status, `${rows.length} entries`);
  } catch (err) {
    SP.status(status, "Could not load the catalog: " + ((err.problem && err.problem.detail) || err.status), true);
  }
}

function staleMark(r) {
  const s = document.createElement("span");
  if (r.stale) { s.className = "stale"; s.textContent = "stale (" + r.as_of + ")"; }
  else s.textContent = "current";
  return s;
}

async function addGpu(ev) {
  ev.preventDefault();
  const form = ev.target;
  const status = document.getElementById("custom-status");
  SP.clearErrors(form);
  const entry = SP.formToObject(form);
  Object.assign(entry, {
    vendor: "custom", fp16_tflops: entry.bf16_tflops, int8_tops: entry.fp8_tflops || 0,
    fp32_tflops: (entry.bf16_tflops || 0) / 15, tdp_watts: 0,
    native_dtypes: entry.fp8_tflops > 0 ? ["fp32", "bf16", "fp16", "fp8", "int8"] : ["fp32", "bf16", "fp16"],
    as_of: new Date().toISOString().slice(0, 10),
  });
  try {
    await SP.call("POST", `${SP.api}/catalog/gpus`, entry);
    SP.status(status, "Added " + entry.id + ".");
    document.getElementById("which").value = "gpus";
    load();
    loadCustom();
  } catch (err) {
    SP.showProblem(form, err, status);
  }
}

/** The custom entries (GET /catalog/custom), each with a Delete button. */
async function loadCustom() {
  const status = document.getElementById("custom-list-status");
  const list = document.getElementById("custom-list");
  try {
    const rows = await SP.call("GET", `${SP.api}/catalog/custom`);
    if (rows.length === 0) {
      list.replaceChildren();
      SP.status(status, "No custom entries: the catalog is the built-in one.");
      return;
    }
    const table = SP.table(rows, [
      { key: "kind" }, { key: "id" }, { key: "origin" }, { key: "created_at", label: "added" },
      { key: "delete", label: " ", value: r => deleteButton(r) },
    ]);
    table.id = "custom-table";
    list.replaceChildren(table);
    SP.status(status, `${rows.length} custom ${rows.length === 1 ? "entry" : "entries"}`);
  } catch (err) {
    SP.status(status, "Could not list the custom entries: " + ((err.problem && err.problem.detail) || err.status), true);
  }
}

function deleteButton(entry) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = "Delete";
  b.dataset.kind = entry.kind;
  b.dataset.id = entry.id;
  b.addEventListener("click", () => deleteCustom(entry));
  return b;
}

async function deleteCustom(entry) {
  const status = document.getElementById("custom-list-status");
  const what = entry.replaces_built_in ? " (the built-in one comes back)" : "";
  if (!window.confirm(`Delete the custom ${entry.kind} ${entry.id}${what}?`)) return;
  try {
    // The list names the kind in the singular (gpu); the path in the plural (gpus).
    await SP.call("DELETE", `${SP.api}/catalog/${entry.kind}s/${encodeURIComponent(entry.id)}`);
    await loadCustom();
    SP.status(status, `Deleted ${entry.kind} ${entry.id}` + (entry.replaces_built_in ? "; the built-in one is back." : "."));
    load();
  } catch (err) {
    SP.status(status, "Could not delete " + entry.id + ": " + ((err.problem && err.problem.detail) || err.status), true);
  }
}
