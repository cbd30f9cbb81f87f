package io.serveplan.cost.recommend;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a stack option as the recommend answer's flat object: docs/design.md's keys in their
 * order (rank, operating_model, provider, api, model, hardware, ... reasons), then the details
 * (replicas_avg, p95s, usd_per_hour_peak, price, capacity_curve, by_tier, commands); keys that do not
 * apply to the operating model are left out.
 */
final class OptionJson {

  private OptionJson() {}

  static Map<String, Object> of(StackOption o) {
    Offer b = o.offer();
    GpuFleet f = o.fleet().orElse(null);
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "rank", b.rank());
    put(m, "operating_model", o.operatingModel());
    put(m, "provider", b.provider());
    put(m, "api", o instanceof HostedApiOption a ? a.api() : null);
    put(m, "model", b.model());
    if (f != null) {
      put(m, "hardware", f.hardware());
      put(m, "gpus", f.gpus());
      put(m, "tensor_parallel", f.tensorParallel());
      put(m, "weights_dtype", f.weightsDtype());
      put(m, "engine", f.engine());
      put(m, "replicas", f.replicas());
      put(m, "capacity_rps", f.capacityRps());
      put(m, "capacity_tokens_per_s", f.capacityTokensPerS());
      put(m, "slo_attainment", f.sloAttainment());
    }
    put(m, "usd_per_month", b.usdPerMonth());
    put(m, "usd_per_million_input_tokens", b.usdPerMillionInputTokens());
    put(m, "usd_per_million_output_tokens", b.usdPerMillionOutputTokens());
    put(m, "usd_per_million_tokens", b.usdPerMillionTokens());
    put(m, "range", f == null ? null : f.range());
    put(m, "overlaps_with", b.overlapsWith());
    put(m, "provisional_engine", f == null ? null : f.provisionalEngine());
    put(m, "timing", f == null ? null : f.timing());
    put(m, "stale", b.stale());
    put(m, "reasons", b.reasons());
    if (f != null) {
      put(m, "replicas_avg", f.replicasAvg());
      put(m, "p95_ttft_ms", f.p95TtftMs());
      put(m, "p95_tpot_ms", f.p95TpotMs());
      put(m, "usd_per_hour_peak", f.usdPerHourPeak());
    }
    put(m, "price", b.price());
    put(m, "capacity_curve", f == null ? null : f.capacityCurve());
    put(m, "by_tier", o instanceof SelfHostedOption s ? s.byTier() : null);
    put(m, "commands", f == null ? null : f.commands());
    return m;
  }

  private static void put(Map<String, Object> m, String key, Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }
}
