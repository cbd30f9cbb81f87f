"use strict";
// ServePlan UI: how results read as decisions, shared by the What-if, Recommend and run pages:
// metrics with their units, the SLO verdict per target, the recommendation as a sentence, the
// break-even in words, and the permalink of a run.

const SPR = {
  /** Result keys shown on a simulation, with what they are and their unit ("%" values are 0..1 fractions). */
  METRICS: [
    ["completed", "requests completed", ""],
    ["duration", "benchmark duration", "s"],
    ["request_throughput", "request throughput", "requests/s"],
    ["output_throughput", "output token throughput", "tokens/s"],
    ["total_token_throughput", "total token throughput", "tokens/s"],
    ["request_goodput", "goodput (requests within the SLO)", "requests/s"],
    ["mean_ttft_ms", "mean time to first token", "ms"],
    ["p95_ttft_ms", "p95 time to first token", "ms"],
    ["p99_ttft_ms", "p99 time to first token", "ms"],
    ["mean_tpot_ms", "mean time per output token", "ms"],
    ["p95_tpot_ms", "p95 time per output token", "ms"],
    ["mean_itl_ms", "mean inter-token latency", "ms"],
    ["p95_itl_ms", "p95 inter-token latency", "ms"],
    ["mean_e2el_ms", "mean end-to-end latency", "ms"],
    ["p95_e2el_ms", "p95 end-to-end latency", "ms"],
    ["num_gpu_blocks", "KV cache blocks per replica", "blocks"],
    ["kv_capacity_requests", "requests the KV cache holds at once", "requests"],
    ["kv_cache_usage_mean", "KV cache used, mean", "%"],
    ["kv_cache_usage_max", "KV cache used, max", "%"],
    ["num_preemptions", "preemptions", ""],
    ["prefix_cache_hit_rate", "prefix cache hit rate", "%"],
    ["mean_batch_size", "mean running batch", "requests"],
    ["busy_fraction", "time the engines were busy", "%"],
    ["compute_bound_fraction", "steps bound by compute", "%"],
  ],

  /** The share of requests within the SLO a run must reach, where the spec names none (the recommender's default). */
  DEFAULT_ATTAINMENT: 0.95,

  /** A metric value with its unit: 12.5 ms, 97.0 %, 1,414 tokens/s. */
  withUnit(value, unit) {
    if (value === null || value === undefined) return "–";
    if (unit === "%") return (value * 100).toFixed(1) + " %";
    return SP.fmt(value) + (unit ? " " + unit : "");
  },

  /** The key numbers of a simulation as a table: key, what it is, value with unit. */
  metricsTable(metrics) {
    const rows = SPR.METRICS.filter(([k]) => k in (metrics || {}))
      .map(([key, label, unit]) => ({ key, label, value: SPR.withUnit(metrics[key], unit) }));
    const t = SP.table(rows, [{ key: "key", label: "Metric" }, { key: "label", label: "What" },
      { key: "value", label: "Value", num: true, fmt: v => v }]);
    t.id = "metrics-table";
    return t;
  },

  /**
   * The SLO verdict of a simulation, target by target (p95 against each target) and overall (the
   * share of requests within every target against the attainment), as a list.
   */
  verdict(result) {
    const m = result.metrics || {};
    const slo = (result.spec || {}).slo || {};
    const target = slo.attainment ?? SPR.DEFAULT_ATTAINMENT;
    const box = document.createElement("div");
    box.id = "verdict";
    const share = m.request_throughput > 0 && m.request_goodput !== null && m.request_goodput !== undefined
      ? Math.min(1, m.request_goodput / m.request_throughput) : null;
    const head = document.createElement("p");
    if (share === null) {
      head.textContent = "No SLO verdict: the result reports no goodput.";
      box.appendChild(head);
      return box;
    }
    const met = share >= target;
    head.className = "verdict " + (met ? "met" : "missed");
    head.textContent = `SLO ${met ? "met" : "missed"}: ${(share * 100).toFixed(1)}% of requests within every target `
      + `(needs ${(target * 100).toFixed(1)}%${slo.attainment === undefined ? ", the recommender's default" : ""}).`;
    const ul = document.createElement("ul");
    for (const [name, key, p95] of [["TTFT", "ttft_ms", "p95_ttft_ms"], ["TPOT", "tpot_ms", "p95_tpot_ms"],
      ["end-to-end", "e2el_ms", "p95_e2el_ms"]]) {
      if (!(slo[key] > 0) || m[p95] === undefined) continue;
      const li = document.createElement("li");
      const ok = m[p95] <= slo[key];
      li.className = ok ? "met" : "missed";
      li.textContent = `${name}: p95 ${SP.fmt(m[p95])} ms ${ok ? "≤" : ">"} target ${SP.fmt(slo[key])} ms`;
      ul.appendChild(li);
    }
    box.append(head, ul);
    return box;
  },

  /** How an option is named in a sentence. */
  optionName(o) {
    if (o.operating_model === "hosted-api") return `${o.provider || o.api}'s ${o.model} API`;
    const replicas = o.replicas ?? 1;
    const where = o.provider ? ` at ${o.provider}` : "";
    return `${o.model} on ${replicas} ${replicas === 1 ? "replica" : "replicas"} of ${o.tensor_parallel ?? 1}× `
      + `${o.hardware} (${o.operating_model}${where}, ${(o.engine || {}).preset || "engine"}, ${o.weights_dtype || "bf16"})`;
  },

  /**
   * The recommendation as a sentence: what to run and how many, its monthly cost and cost per
   * million tokens, whether it meets the SLO, and the margin to the runner-up.
   */
  headline(result) {
    const options = result.options || [];
    const p = document.createElement("p");
    p.id = "headline";
    p.className = "headline";
    if (!options.length) {
      p.textContent = "No option serves this workload within its constraints; see the excluded candidates.";
      return p;
    }
    const best = options[0];
    let text = `Run ${SPR.optionName(best)}: ${SP.money(best.usd_per_month)} a month, `
      + `${SP.money(best.usd_per_million_tokens)} per million tokens.`;
    if (best.operating_model === "hosted-api") {
      text += " Its latency is the provider's, not simulated.";
    } else if (best.slo_attainment !== undefined) {
      text += ` It meets the SLO for ${(best.slo_attainment * 100).toFixed(0)}% of requests at the peak rate.`;
    }
    if (best.provisional_engine) text += " Its engine preset is provisional: calibrate before buying.";
    const next = options[1];
    if (next && best.usd_per_month > 0) {
      const margin = (next.usd_per_month - best.usd_per_month) / best.usd_per_month;
      text += ` The runner-up, ${SPR.optionName(next)}, costs ${(margin * 100).toFixed(0)}% more`
        + ((best.overlaps_with || []).includes(2) ? ", within the first's error range." : ".");
    }
    p.textContent = text;
    return p;
  },

  /** The break-even in words: the volume above which self-hosting costs less than the API. */
  breakEvenSentence(be, workloadMonthlyTokens) {
    if (!be || typeof be !== "object") return "";
    const self = be.self_hosted_option || "the cheapest self-hosted option";
    const api = be.api || "the cheapest hosted API";
    if (be.monthly_tokens === null || be.monthly_tokens === undefined) {
      return `${self} never costs less than ${api} within the volumes searched.`;
    }
    let s = `Above ${SPR.tokens(be.monthly_tokens)} tokens a month, ${self} costs less than ${api}.`;
    const volume = workloadMonthlyTokens ?? be.workload_monthly_tokens;
    if (volume) {
      s += ` This workload is ${SPR.tokens(volume)} tokens a month, ${volume >= be.monthly_tokens ? "above" : "below"}`
        + " it (the break-even counts the smallest fleet running all month at steady load; the options' costs"
        + " also pay for this workload's peaks).";
    }
    if (be.api_usd_per_million_tokens !== undefined) {
      s += ` The API costs ${SP.money(be.api_usd_per_million_tokens)} per million tokens`;
      if (be.self_hosted_floor_usd_per_month !== undefined) {
        s += `; self-hosting costs at least ${SP.money(be.self_hosted_floor_usd_per_month)} a month`;
      }
      if (be.self_hosted_usd_per_million_tokens_at_scale !== undefined) {
        s += `, then ${SP.money(be.self_hosted_usd_per_million_tokens_at_scale)} per million tokens at scale`;
      }
      s += ".";
    }
    return s;
  },

  /** A token volume in words: 58.9 billion. */
  tokens(n) {
    if (n >= 1e12) return (n / 1e12).toPrecision(3) + " trillion";
    if (n >= 1e9) return (n / 1e9).toPrecision(3) + " billion";
    if (n >= 1e6) return (n / 1e6).toPrecision(3) + " million";
    return SP.fmt(n);
  },

  /** What changed from spec a to spec b, as "path: old → new" entries. */
  specDiff(a, b, prefix = "") {
    const out = [];
    const keys = new Set([...Object.keys(a || {}), ...Object.keys(b || {})]);
    for (const k of keys) {
      const va = (a || {})[k], vb = (b || {})[k];
      if (va && vb && typeof va === "object" && typeof vb === "object") out.push(...SPR.specDiff(va, vb, prefix + k + "."));
      else if (JSON.stringify(va) !== JSON.stringify(vb)) out.push(prefix + k + ": " + SP.fmt(va) + " → " + SP.fmt(vb));
    }
    return out;
  },

  /** The permalink of a stored run: /runs/{id}. */
  permalink(id) {
    const a = document.createElement("a");
    a.href = "/runs/" + encodeURIComponent(id);
    a.className = "permalink";
    a.textContent = "permalink";
    return a;
  },
};
