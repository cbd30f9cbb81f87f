package io.serveplan.cost.recommend;

import io.serveplan.cost.capacity.Capacity;
import io.serveplan.cost.capacity.CapacityOptions;
import io.serveplan.cost.fleet.ApiBill;
import io.serveplan.cost.fleet.BreakEven;
import io.serveplan.cost.fleet.Demand;
import io.serveplan.cost.fleet.FleetCost;
import io.serveplan.cost.fleet.FleetOptions;
import io.serveplan.cost.fleet.GpuTimeSplit;
import io.serveplan.cost.fleet.ServerlessCost;
import io.serveplan.cost.price.ApiPrice;
import io.serveplan.cost.price.GpuPrice;
import io.serveplan.cost.price.PriceCatalog;
import io.serveplan.cost.sheet.WorkloadSheet;
import io.serveplan.simulator.timing.CalibrationProfile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.DoubleFunction;

/** Prices simulated configurations and APIs into ranked options, break-even, Pareto and assumptions. */
final class OptionBuilder {

  private final WorkloadSheet sheet;
  private final PriceCatalog prices;
  private final Pricing pricing;
  private final double in;
  private final double out;
  private final Demand demand;
  private final FleetOptions fleet;

  /** An option plus what break-even needs to know about a self-hosted one. */
  private record Priced(StackOption option, double usdPerGpuHour, double capacityTokensPerS) {}

  OptionBuilder(WorkloadSheet sheet, PriceCatalog prices, Pricing pricing, double in, double out) {
    this.sheet = sheet;
    this.prices = prices;
    this.pricing = pricing;
    this.in = in;
    this.out = out;
    this.demand = new Demand(sheet.averageRate(), sheet.peakRate(), sheet.peakHoursPerDay(), in, out);
    this.fleet = new FleetOptions(sheet.targetUtilization(), FleetOptions.minReplicasFor(sheet.availability()),
        sheet.scaleDown(), pricing.hoursPerMonth(), 0).withPeakBilling(sheet.minBillingHours(),
        sheet.scaleUpLeadMinutes() / 60);
  }

  Recommendation build(Map<Config, Capacity> capacities, List<String> excludedIn) {
    List<String> excluded = new ArrayList<>(excludedIn);
    Map<String, Priced> best = new LinkedHashMap<>();
    for (Map.Entry<Config, Capacity> e : capacities.entrySet()) {
      Config c = e.getKey();
      Capacity cap = e.getValue();
      if (!cap.feasible()) {
        excluded.add(String.format(Locale.ROOT, "%s on %s (tp %d, %s, %s): simulated, no rate meets the SLO",
            c.model().id(), c.gpu().id(), c.tensorParallel(), c.weights().id(), c.engine().preset()));
        continue;
      }
      double meanBatch = cap.metricsAtCapacity() == null ? c.estimate().batch()
          : cap.metricsAtCapacity().engine().meanBatchSize();
      double share = GpuTimeSplit.inputShare(c.run().newTimeModel(), in, out, meanBatch);
      List<String> why = Reasons.forConfig(c, cap, sheet.slo(), meanBatch);
      pricing.selfHosted(c.gpu().id()).ifPresent(p -> {
        FleetOptions o = fleet.withScaleDown(sheet.scaleDown() && !p.tier().committed()).withOps(sheet.opsUsdPerMonth());
        DoubleFunction<FleetCost> at = rps -> FleetCost.dedicated(demand, rps, c.tensorParallel(),
            p.price().usdPerGpuHour(), share, o);
        FleetCost f = at.apply(cap.maxRps());
        List<String> r = new ArrayList<>(why);
        peakBilling(o, f).ifPresent(r::add);
        if (prices.userPrice(p.price().id())) {
          r.add("priced from your price file: " + p.price().id() + " (" + p.price().provider() + ", "
              + p.price().tierId() + ") replaces the built-in offers for " + c.gpu().id());
        }
        if (p.fellBack()) {
          r.add("no " + sheet.pricing().id() + " price for " + c.gpu().id() + ": priced at " + p.tier().id());
        }
        if (p.tier() == io.serveplan.cost.price.PricingTier.SPOT) {
          r.add("spot capacity can be reclaimed at short notice: keep on-demand fallback for the SLO");
        }
        if (p.tier().committed()) {
          r.add(p.tier().id() + " capacity is paid every hour: sized for the peak, no scale-down");
        }
        if (sheet.opsUsdPerMonth() > 0) {
          r.add(String.format(Locale.ROOT, "includes $%.0f/month operations cost", sheet.opsUsdPerMonth()));
        }
        StackOption o1 = option((offer, fl) -> new SelfHostedOption(offer, fl, byTier(c, cap, share)), c, cap, f,
            p.price(), r, at);
        keep(best, o1, p.price().usdPerGpuHour(), cap.tokensPerSec());
      });
      if (!sheet.selfHostedOnly()) {
        pricing.managed(c.gpu().id()).ifPresent(m -> {
          DoubleFunction<FleetCost> at = rps -> FleetCost.dedicated(demand, rps, c.tensorParallel(), m.usdPerGpuHour(),
              share, fleet.withScaleDown(false));
          List<String> r = new ArrayList<>(why);
          r.add("managed: " + m.basis());
          keep(best, option(ManagedOption::new, c, cap, at.apply(cap.maxRps()), m.price(), r, at),
              m.usdPerGpuHour(), cap.tokensPerSec());
        });
        pricing.serverless(c.gpu().id()).ifPresent(s -> serverless(c, cap, share, why, s, best, excluded));
      }
    }
    List<StackOption> options = new ArrayList<>(best.values().stream().map(Priced::option).toList());
    List<ApiBill> comparison = new ArrayList<>();
    double cachedFraction = sheet.workload().sharedPrefix() == null ? 0
        : Math.min(1, sheet.workload().sharedPrefix().tokens() / in);
    for (ApiPrice a : prices.apiPrices()) {
      boolean sameModel = a.model() != null && sheet.candidates().models().contains(a.model());
      boolean reference = a.model() == null;
      if (!sameModel && !reference) {
        continue;
      }
      ApiBill bill = ApiBill.of(a, demand, cachedFraction, sheet.allowBatch(), fleet.hoursPerMonth());
      comparison.add(bill);
      if (sameModel && selected(a) && !sheet.selfHostedOnly()) {
        options.add(apiOption(a, bill));
      }
    }
    if (sheet.selfHostedOnly()) {
      excluded.add("privacy self-hosted-only: hosted APIs, serverless and managed options send data out");
    }
    options.sort(Comparator.comparingDouble(StackOption::usdPerMonth)
        .thenComparing(o -> o.p95TtftMs() == null ? Double.MAX_VALUE : o.p95TtftMs()));
    List<StackOption> ranked = new ArrayList<>();
    for (int i = 0; i < options.size(); i++) {
      ranked.add(options.get(i).withRank(i + 1));
    }
    ranked = OptionRanges.overlaps(ranked);
    comparison.sort(Comparator.comparingDouble(ApiBill::usdPerMonth));
    Map<String, Object> slo = new LinkedHashMap<>();
    slo.put("ttft_ms", sheet.slo().ttftMs());
    slo.put("tpot_ms", sheet.slo().tpotMs());
    slo.put("attainment", sheet.attainment());
    List<BreakEven> breakEvens = breakEvens(ranked, best, comparison);
    return new Recommendation(ranked, breakEvens.isEmpty() ? null : breakEvens.get(0), breakEvens, pareto(ranked),
        comparison,
        demand.monthlyTokens(fleet.hoursPerMonth()), demand.inputTokenShare(), slo,
        Assumptions.of(sheet, prices, pricing, demand, fleet, in, out), excluded, null);
  }

  private void serverless(Config c, Capacity cap, double share, List<String> why, GpuPrice s,
      Map<String, Priced> best, List<String> excluded) {
    double coldStartS = s.coldStartS() + c.model().weightBytes(c.weights()) / (double) c.tensorParallel()
        / (pricing.weightsLoadGbps() * 1e9);
    ServerlessCost sc = ServerlessCost.of(demand, cap.maxRps(), c.tensorParallel(), s.usdPerGpuHour(),
        s.scaledownWindowS(), coldStartS, share, fleet);
    double attainment = cap.sloAttainment() * (1 - sc.coldRequestFraction());
    List<String> r = new ArrayList<>(why);
    r.add(String.format(Locale.ROOT, "serverless: billed per second, scales to zero after %.0f s idle; "
        + "%.2f%% of requests wait a %.0f s cold start (assumed)", s.scaledownWindowS(),
        sc.coldRequestFraction() * 100, coldStartS));
    if (attainment < sheet.attainment()) {
      excluded.add(String.format(Locale.ROOT, "serverless %s on %s: cold starts (%.1f%% of requests wait %.0f s) "
          + "break the SLO attainment %.2f", c.model().id(), c.gpu().id(), sc.coldRequestFraction() * 100,
          coldStartS, sheet.attainment()));
      return;
    }
    DoubleFunction<FleetCost> at = rps -> ServerlessCost.of(demand, rps, c.tensorParallel(), s.usdPerGpuHour(),
        s.scaledownWindowS(), coldStartS, share, fleet).fleet();
    ServerlessGpuOption o = option(ServerlessGpuOption::new, c, cap, sc.fleet(), s, r, at);
    keep(best, new ServerlessGpuOption(o.offer(), o.gpuFleet().withSloAttainment(attainment)), s.usdPerGpuHour(),
        cap.tokensPerSec());
  }

  /** The self-hosted fleet's cost in every tier that has an offer for the GPU. */
  private Map<String, Object> byTier(Config c, Capacity cap, double share) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (io.serveplan.cost.price.PricingTier t : io.serveplan.cost.price.PricingTier.sheetTiers()) {
      pricing.cheapest(c.gpu().id(), t).ifPresent(p -> {
        FleetOptions o = fleet.withScaleDown(sheet.scaleDown() && !t.committed()).withOps(sheet.opsUsdPerMonth());
        FleetCost f = FleetCost.dedicated(demand, cap.maxRps(), c.tensorParallel(), p.usdPerGpuHour(), share, o);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("price", p.id());
        m.put("usd_per_gpu_hour", p.usdPerGpuHour());
        m.put("usd_per_hour_peak", f.usdPerHourPeak());
        m.put("usd_per_month", f.usdPerMonth());
        m.put("stale", p.stale());
        out.put(t.id(), m);
      });
    }
    return out;
  }

  private static void keep(Map<String, Priced> best, StackOption o, double usdPerGpuHour, double tokens) {
    keep(best, new Priced(o, usdPerGpuHour, tokens));
  }

  private static void keep(Map<String, Priced> best, Priced p) {
    String key = p.option().operatingModel() + "|" + p.option().model() + "|"
        + p.option().fleet().map(GpuFleet::hardware).orElse(null);
    Priced old = best.get(key);
    if (old == null || p.option().usdPerMonth() < old.option().usdPerMonth()) {
      best.put(key, p);
    }
  }

  private <T extends GpuOption> T option(BiFunction<Offer, GpuFleet, T> kind, Config c, Capacity cap, FleetCost f,
      GpuPrice price, List<String> r, DoubleFunction<FleetCost> at) {
    double perReplicaPeak = sheet.peakRate() / Math.max(1, f.replicasPeak());
    String engine = c.engine().preset();
    Optional<CalibrationProfile> profile = c.run().calibration();
    boolean provisional = profile.isEmpty() && EngineSupport.builtin().provisional(engine);
    double u;
    String uFrom;
    List<String> why = new ArrayList<>(r);
    if (profile.isPresent()) {
      CalibrationProfile p = profile.get();
      u = OptionRanges.calibrated(p.meanAbsRelError());
      uFrom = "calibration profile '" + p.id() + "' (its fit's mean error)";
      why.add(String.format(Locale.ROOT, "timing from calibration profile '%s' (%s backend, %d %s, R² %.3f, mean "
          + "error %.1f%%) instead of the %s preset's efficiencies: capacity ±%.0f%%", p.id(), p.backend(),
          p.samples(), "openai".equals(p.backend()) ? "benchmark points" : "timed steps", p.r2(),
          p.meanAbsRelError() * 100, engine, u * 100));
    } else {
      u = EngineSupport.builtin().efficiencyRange(engine);
      uFrom = "the " + (provisional ? "provisional " : "") + engine + " preset's efficiencies";
      if (provisional) {
        why.add(String.format(Locale.ROOT, "engine preset '%s' is provisional (its efficiencies are estimates tuned "
            + "to no published figure): capacity ±%.0f%%; calibrate it before trusting the ranking", engine, u * 100));
      }
    }
    Map<String, Object> timing = new LinkedHashMap<>();
    timing.put("origin", c.run().timing().origin().id());
    timing.put("source", c.run().timing().source());
    timing.put("capacity_range_fraction", u);
    if (sheet.conversion() != null) {
      why.add(sheet.conversion());
    }
    Offer offer = new Offer(0, price.provider(), c.model().id(), f.usdPerMonth(), f.usdPerMillionInputTokens(),
        f.usdPerMillionOutputTokens(), f.usdPerMillionTokens(), priceJson(price), why, null, price.stale());
    GpuFleet fleet = new GpuFleet(c.gpu().id(), f.replicasPeak() * c.tensorParallel(), c.tensorParallel(),
        c.weights().id(), c.engineJson(), f.replicasPeak(), f.replicasAvg(), cap.maxRps(), cap.tokensPerSec(),
        cap.sloAttainment(), cap.p95TtftMsAt(perReplicaPeak), cap.p95TpotMsAt(perReplicaPeak), f.usdPerHourPeak(),
        cap.curve(), OptionRanges.of(cap, u, at, uFrom), provisional, timing,
        LaunchCommands.of(c, sheet, perReplicaPeak, in, out));
    return kind.apply(offer, fleet);
  }

  /** How a scaled-down fleet's peak replicas are billed, when there are any. */
  private java.util.Optional<String> peakBilling(FleetOptions o, FleetCost f) {
    if (!o.scaleDown() || f.replicasPeak() <= f.replicasAvg() || sheet.peakHoursPerDay() >= 24) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(String.format(Locale.ROOT, "peak replicas (%d beyond the %d off-peak) billed %.1f h a "
        + "day for a %.1f h peak: started %.0f min ahead (scale-up lead time), at least %.1f h each (minimum billing "
        + "period); assumptions, until fleet dynamics are simulated", f.replicasPeak() - f.replicasAvg(),
        f.replicasAvg(), o.peakReplicaHours(sheet.peakHoursPerDay()), sheet.peakHoursPerDay(),
        o.scaleUpLeadHours() * 60, o.minBillingHours()));
  }

  private StackOption apiOption(ApiPrice a, ApiBill bill) {
    List<String> r = new ArrayList<>();
    r.add(a.provider() + " serves " + a.model() + " (" + a.name() + "); its latency is not simulated");
    if (!bill.discounts().isEmpty()) {
      r.add("discounts applied: " + String.join(", ", bill.discounts()));
    }
    if (a.stale()) {
      r.add("price as of " + a.asOf() + " is stale: check the provider's page");
    }
    Map<String, Object> price = new LinkedHashMap<>();
    price.put("id", a.id());
    price.put("provider", a.provider());
    price.put("input_usd_per_mtok", a.inputUsdPerMTok());
    price.put("output_usd_per_mtok", a.outputUsdPerMTok());
    price.put("as_of", a.asOf());
    price.put("stale", a.stale());
    return new HostedApiOption(new Offer(0, a.provider(), a.model(), bill.usdPerMonth(), bill.usdPerMillionInputTokens(),
        bill.usdPerMillionOutputTokens(), bill.usdPerMillionTokens(), price, r, null, a.stale()), a.id());
  }

  private boolean selected(ApiPrice a) {
    WorkloadSheet.Candidates c = sheet.candidates();
    return c.allApis() || (!c.noApis() && c.apiIds().contains(a.id()));
  }

  private static Map<String, Object> priceJson(GpuPrice p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", p.id());
    m.put("provider", p.provider());
    m.put("tier", p.tierId());
    m.put("usd_per_gpu_hour", p.usdPerGpuHour());
    m.put("as_of", p.asOf());
    m.put("stale", p.stale());
    return m;
  }

  /**
   * Break-even of the cheapest self-hosted option whose model some selected-or-not API serves (the
   * cheapest such API), so that a cheaper self-hosted model without any API does not hide it.
   */
  private BreakEven breakEven(List<StackOption> ranked, Map<String, Priced> best, List<ApiBill> comparison) {
    List<BreakEven> all = breakEvens(ranked, best, comparison);
    return all.isEmpty() ? null : all.get(0);
  }

  /** One break-even per model: its cheapest self-hosted option against its cheapest API; cheapest first. */
  List<BreakEven> breakEvens(List<StackOption> ranked, Map<String, Priced> best, List<ApiBill> comparison) {
    List<Priced> selfHosted = best.values().stream()
        .filter(p -> p.option() instanceof SelfHostedOption)
        .sorted(Comparator.comparingDouble(p -> p.option().usdPerMonth())).toList();
    List<BreakEven> out = new ArrayList<>();
    List<String> done = new ArrayList<>();
    for (Priced self : selfHosted) {
      SelfHostedOption s = (SelfHostedOption) self.option();
      if (done.contains(s.model())) {
        continue;
      }
      ApiBill api = comparison.stream().filter(b -> s.model().equals(b.model()))
          .min(Comparator.comparingDouble(ApiBill::usdPerMillionTokens)).orElse(null);
      if (api == null) {
        continue;
      }
      done.add(s.model());
      int tp = s.gpuFleet().tensorParallel();
      double floor = fleet.minReplicas() * tp * self.usdPerGpuHour() * fleet.hoursPerMonth()
          + sheet.opsUsdPerMonth();
      double marginal = BreakEven.marginalUsdPerMillionTokens(tp, self.usdPerGpuHour(),
          self.capacityTokensPerS(), fleet.targetUtilization());
      int rank = ranked.stream().filter(o -> o.usdPerMonth() == s.usdPerMonth()
          && o instanceof SelfHostedOption && s.model().equals(o.model()))
          .map(StackOption::rank).findFirst().orElse(0);
      out.add(BreakEven.of("#" + rank + " " + s.label(), api.apiId(), api.usdPerMillionTokens(), floor, marginal)
          .withWorkloadMonthlyTokens(demand.monthlyTokens(fleet.hoursPerMonth())));
    }
    return out;
  }

  private static List<Recommendation.ParetoPoint> pareto(List<StackOption> ranked) {
    List<Recommendation.ParetoPoint> out = new ArrayList<>();
    double bestTtft = Double.MAX_VALUE;
    // ranked is sorted by cost: an option is on the frontier when it is faster than every cheaper one
    for (StackOption o : ranked) {
      if (o.p95TtftMs() != null && o.p95TtftMs() < bestTtft) {
        bestTtft = o.p95TtftMs();
        out.add(new Recommendation.ParetoPoint(o.rank(), o.label(), o.usdPerMonth(), o.p95TtftMs()));
      }
    }
    return out;
  }
}
