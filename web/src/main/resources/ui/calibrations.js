"use strict";
// Calibrations page: stored profiles with the hardware they belong to and their fit error.

document.addEventListener("DOMContentLoaded", async () => {
  const status = document.getElementById("status");
  try {
    const rows = await SP.call("GET", `${SP.api}/calibrations`);
    const list = Array.isArray(rows) ? rows : (rows.calibrations || rows.items || []);
    const pick = (r, ...keys) => { for (const k of keys) { const v = k.split(".").reduce((o, p) => o && o[p], r); if (v !== undefined) return v; } return null; };
    const table = SP.table(list, [
      { key: "id", label: "Profile" },
      { key: "backend", label: "Backend", value: r => pick(r, "backend", "profile.backend") },
      { key: "hardware", label: "Hardware", value: r => pick(r, "hardware", "hardware_id", "profile.hardware_id", "profile.hardware") },
      { key: "model", label: "Model", value: r => pick(r, "model", "model_id", "profile.model_id", "profile.model") },
      { key: "r2", label: "Fit R²", num: true, value: r => pick(r, "r2", "fit.r2", "profile.r2", "profile.fit.r2") },
      { key: "err", label: "Mean |rel. error|", num: true, value: r => pick(r, "mean_abs_rel_error", "fit.mean_abs_rel_error", "profile.mean_abs_rel_error") },
      { key: "created", label: "Stored", value: r => pick(r, "created_at", "created", "profile.created") },
    ]);
    table.id = "calibrations-table";
    document.getElementById("calibrations").replaceChildren(list.length ? table
      : document.createTextNode("No profiles stored yet. Run bin/serveplan calibrate and POST the profile to /api/v1/calibrations."));
    SP.status(status, `${list.length} profiles`);
  } catch (err) {
    SP.status(status, "Could not load profiles: " + ((err.problem && err.problem.detail) || err.status), true);
  }
});
