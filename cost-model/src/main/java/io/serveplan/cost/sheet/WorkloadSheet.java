package io.serveplan.cost.sheet;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.serveplan.cost.price.PricingTier;
import io.serveplan.simulator.spec.SloSpec;
import io.serveplan.simulator.spec.WorkloadSpec;
import java.util.List;

/**
 * A workload sheet (docs/design.md), the input of {@code recommend}: the traffic (the what-if spec's
 * {@code workload} block, whose {@code rate} is the daily average in requests per second), the peak
 * and how many hours a day it lasts, the SLO with its attainment target, privacy, availability,
 * candidates and the pricing tier. ServePlan adds four optional fields: {@code target_utilization}
 * (0.7), {@code scale_down} (true: outside peak hours on-demand and spot fleets shrink to the
 * average-rate size), {@code allow_batch} (false: hosted APIs' batch prices apply only when the
 * workload tolerates batch turnaround) and {@code ops_usd_per_month} (0: operations cost added to
 * self-hosted fleets). Also: {@code providers} (empty = all; from {@code pricing: {tier, providers}})
 * restricts GPU prices to those providers; {@code minBillingHours} and {@code scaleUpLeadMinutes}
 * ({@code peak_billing}) bill a scaled-down fleet's peak replicas as they are bought; {@code
 * conversion} says how a closed-loop, trace or empirical workload became the open-loop
 * {@code workload} planned for (null when none was needed); {@code calibrations} name the
 * calibration profiles that replace engine presets' timing for the candidates they measured. Read with {@link SheetReader}. Immutable.
 */
public record WorkloadSheet(
    WorkloadSpec workload,
    @JsonProperty("peak_rate") double peakRate,
    @JsonProperty("peak_hours_per_day") double peakHoursPerDay,
    SloSpec slo,
    double attainment,
    String privacy,
    double availability,
    Candidates candidates,
    PricingTier pricing,
    @JsonProperty("target_utilization") double targetUtilization,
    @JsonProperty("scale_down") boolean scaleDown,
    @JsonProperty("allow_batch") boolean allowBatch,
    @JsonProperty("ops_usd_per_month") double opsUsdPerMonth,
    List<String> providers,
    @JsonProperty("min_billing_hours") double minBillingHours,
    @JsonProperty("scale_up_lead_minutes") double scaleUpLeadMinutes,
    String conversion,
    List<SheetCalibration> calibrations) {

  public static final List<String> PRIVACY = List.of("any", "self-hosted-only");
  public static final double DEFAULT_MIN_BILLING_HOURS = 1;
  public static final double DEFAULT_SCALE_UP_LEAD_MINUTES = 10;

  public WorkloadSheet {
    providers = providers == null ? List.of() : List.copyOf(providers);
    calibrations = calibrations == null ? List.of() : List.copyOf(calibrations);
  }

  /** True when only self-hosted fleets may see the data. */
  public boolean selfHostedOnly() {
    return "self-hosted-only".equals(privacy);
  }

  public double averageRate() {
    return workload.rate();
  }

  /**
   * What to search: catalog model ids; GPU ids (empty = every GPU the model fits on); hosted APIs
   * ({@code all}, {@code none}, or a list of API ids, held in {@code apiIds}); engine presets and
   * weight dtypes (empty = all presets; every dtype the GPU computes natively among bf16, fp8, int8).
   */
  public record Candidates(
      List<String> models,
      List<String> hardware,
      String apis,
      @JsonProperty("api_ids") List<String> apiIds,
      List<String> engines,
      @JsonProperty("weights_dtypes") List<String> weightsDtypes) {

    public Candidates {
      models = List.copyOf(models);
      hardware = List.copyOf(hardware);
      apiIds = List.copyOf(apiIds);
      engines = List.copyOf(engines);
      weightsDtypes = List.copyOf(weightsDtypes);
    }

    public boolean allApis() {
      return "all".equals(apis);
    }

    public boolean noApis() {
      return "none".equals(apis);
    }
  }
}
