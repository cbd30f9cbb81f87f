package io.serveplan.cost.recommend;

import io.serveplan.cost.capacity.Capacity;
import io.serveplan.cost.fleet.FleetCost;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleFunction;

/**
 * Error bars of an option and where they overlap.
 *
 * <pre>
 *   capacity low  = the highest rate shown to hold (search statistics) × (1 − u)
 *   capacity high = the lowest probed rate not shown to hold × (1 + u)
 *   u             = the engine preset's stated efficiency range, or a calibration profile's fit error
 *                   (its mean absolute relative error, at least {@value #MIN_CALIBRATED_RANGE})
 *   replicas, $   = the same fleet sized and priced at capacity high (low end) and low (high end)
 * </pre>
 */
final class OptionRanges {

  /**
   * The narrowest range a calibrated option states: a fit's error on the points it was fitted to
   * understates its error elsewhere.
   */
  static final double MIN_CALIBRATED_RANGE = 0.05;

  private OptionRanges() {}

  /** The relative capacity range of a calibrated option. */
  static double calibrated(double meanAbsRelError) {
    return Double.isFinite(meanAbsRelError) ? Math.max(MIN_CALIBRATED_RANGE, meanAbsRelError) : 0.25;
  }

  /** @param uFrom what {@code u} is (e.g. "the provisional trtllm preset's efficiencies") */
  static Map<String, Object> of(Capacity cap, double u, DoubleFunction<FleetCost> at, String uFrom) {
    double low = cap.maxRpsLow() * (1 - u);
    double high = Math.max(cap.maxRpsHigh(), cap.maxRps()) * (1 + u);
    FleetCost cheap = at.apply(high);
    FleetCost dear = at.apply(low);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("capacity_rps_low", low);
    m.put("capacity_rps_high", high);
    m.put("replicas_low", cheap.replicasPeak());
    m.put("replicas_high", dear.replicasPeak());
    m.put("usd_per_month_low", cheap.usdPerMonth());
    m.put("usd_per_month_high", dear.usdPerMonth());
    m.put("basis", String.format(Locale.ROOT, "capacity search bracket [%.3g, %.3g] req/s at %s confidence, "
        + "widened by ±%.0f%% for %s", cap.maxRpsLow(), cap.maxRpsHigh(), "95%", u * 100, uFrom));
    return m;
  }

  /**
   * Marks the options whose $ per month ranges overlap: each gets the ranks it overlaps, and one
   * reason naming the nearest cheaper option it overlaps (their order is not settled).
   */
  static List<StackOption> overlaps(List<StackOption> ranked) {
    List<StackOption> out = new ArrayList<>();
    for (StackOption o : ranked) {
      List<Integer> ranks = new ArrayList<>();
      StackOption nearestCheaper = null;
      for (StackOption p : ranked) {
        if (p == o || p.usdPerMonthLow() > o.usdPerMonthHigh() || o.usdPerMonthLow() > p.usdPerMonthHigh()) {
          continue;
        }
        ranks.add(p.rank());
        if (p.rank() < o.rank()) {
          nearestCheaper = p;
        }
      }
      StackOption x = o.withOverlaps(ranks.isEmpty() ? null : ranks);
      if (nearestCheaper != null) {
        List<String> r = new ArrayList<>(x.reasons());
        r.add(String.format(Locale.ROOT, "its $/month range [%.0f, %.0f] overlaps #%d's [%.0f, %.0f]: the order "
            + "between them is not settled", o.usdPerMonthLow(), o.usdPerMonthHigh(), nearestCheaper.rank(),
            nearestCheaper.usdPerMonthLow(), nearestCheaper.usdPerMonthHigh()));
        x = x.withReasons(r);
      }
      out.add(x);
    }
    return out;
  }
}
