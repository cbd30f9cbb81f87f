package io.serveplan.cost.recommend;

import io.serveplan.cost.capacity.CapacityOptions;
import io.serveplan.cost.fleet.Demand;
import io.serveplan.cost.fleet.FleetOptions;
import io.serveplan.cost.price.ApiPrice;
import io.serveplan.cost.price.GpuPrice;
import io.serveplan.cost.price.PriceCatalog;
import io.serveplan.cost.sheet.WorkloadSheet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code assumptions} block of a recommendation: every figure the ranking rests on that is not a price. */
final class Assumptions {

  private Assumptions() {}

  static Map<String, Object> of(WorkloadSheet sheet, PriceCatalog prices, Pricing pricing, Demand demand,
      FleetOptions fleet, double in, double out) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("mean_input_tokens", in);
    a.put("mean_output_tokens", out);
    a.put("monthly_requests", demand.monthlyRequests(fleet.hoursPerMonth()));
    a.put("monthly_input_tokens", demand.monthlyInputTokens(fleet.hoursPerMonth()));
    a.put("monthly_output_tokens", demand.monthlyOutputTokens(fleet.hoursPerMonth()));
    a.put("hours_per_month", fleet.hoursPerMonth());
    a.put("pricing", sheet.pricing().id());
    a.put("target_utilization", fleet.targetUtilization());
    a.put("min_replicas", fleet.minReplicas());
    a.put("slo", Map.of("ttft_ms", sheet.slo().ttftMs(), "tpot_ms", sheet.slo().tpotMs(),
        "attainment", sheet.attainment()));
    a.put("duty_cycle", sheet.scaleDown()
        ? "on-demand and spot fleets run the peak-sized fleet for peak_hours_per_day and the average-sized "
            + "fleet otherwise; reserved and managed capacity is sized for the peak all month"
        : "every fleet is sized for the peak all month (scale_down: false)");
    a.put("token_cost_split", "GPU cost is split between input and output tokens in proportion to GPU time, by "
        + "the execution-time model at the simulated mean batch: input share = (step with the prompt tokens "
        + "that keep the batch running − decode-only step) / that step");
    a.put("managed_platform_fee", pricing.managedFee());
    a.put("serverless_weights_load_gbps", pricing.weightsLoadGbps());
    a.put("peak_billing", Map.of("min_billing_hours", fleet.minBillingHours(), "scale_up_lead_minutes",
        fleet.scaleUpLeadHours() * 60, "basis", "a scaled-down fleet's peak replicas are held for max(min_billing_hours, "
            + "peak hours + lead time) a day; ServePlan assumptions (defaults 1 h, 10 min) until fleet dynamics are "
            + "simulated"));
    if (!sheet.providers().isEmpty()) {
      a.put("providers", sheet.providers());
    }
    if (sheet.conversion() != null) {
      a.put("workload_conversion", sheet.conversion());
    }
    CapacityOptions co = CapacityOptions.defaults();
    a.put("capacity_search", Map.of("arrival", "poisson", "requests_per_probe", co.requestsPerProbe()
        + " to " + co.maxRequestsPerProbe() + " (doubled until the statistics settle)", "seed", co.seed(),
        "relative_tolerance", co.relativeTolerance(), "replicas_per_probe", 1, "confidence", co.confidence(),
        "steady_state", "warm-up (first 20% of arrivals) and drain (last 10%) excluded; batch means over 10 "
            + "batches; rates above the saturated service rate fail without simulation"));
    a.put("api_discounts", "cached-input price on the shared-prefix share of input tokens; batch prices only "
        + "with allow_batch: true (batch turnaround ignores the latency SLO)");
    a.put("break_even", "self-hosted floor (min replicas all month + ops) ÷ the API's blended price; none when "
        + "a fully loaded replica costs more per token than the API");
    List<String> stale = new ArrayList<>();
    prices.gpuPrices().stream().filter(GpuPrice::stale).forEach(p -> stale.add(p.id() + " (" + p.asOf() + ")"));
    a.put("stale_gpu_prices", stale);
    a.put("stale_api_prices", prices.apiPrices().stream().filter(ApiPrice::stale).count());
    a.put("prices_judged_on", prices.today().toString());
    return a;
  }

}
