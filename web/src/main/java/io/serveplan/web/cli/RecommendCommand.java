package io.serveplan.web.cli;

import io.serveplan.cost.fleet.BreakEven;
import io.serveplan.cost.price.PriceCatalog;
import io.serveplan.cost.recommend.Recommendation;
import io.serveplan.cost.recommend.GpuFleet;
import io.serveplan.cost.recommend.Recommender;
import io.serveplan.cost.recommend.StackOption;
import io.serveplan.cost.sheet.SheetReader;
import io.serveplan.cost.sheet.WorkloadSheet;
import io.serveplan.hardware.Catalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code serveplan recommend}: ranks serving stacks and hosted APIs for a workload sheet, cheapest
 * first. A wrong sheet or price field exits with code 2 and one line naming the field.
 */
@Command(name = "recommend", description = "Rank serving stacks and hosted APIs for a workload sheet.")
final class RecommendCommand implements Callable<Integer> {

  @Option(names = "--spec", required = true, description = "workload sheet, YAML or JSON")
  Path spec;

  @Option(names = "--format", defaultValue = "table", description = "table | json (default: table)")
  String format;

  @Option(names = "--catalog-dir", description = "directory of user catalog files (default: $SERVEPLAN_CATALOG)")
  Path catalogDir;

  @Option(names = "--prices-dir",
      description = "directory of user price files (default: $SERVEPLAN_PRICES, else $SERVEPLAN_CATALOG/prices)")
  Path pricesDir;

  @Option(names = "--top", defaultValue = "15", description = "rows of the table (default: ${DEFAULT-VALUE})")
  int top;

  @Override
  public Integer call() {
    boolean json = Tables.wantsJson(format);
    if (!Files.isRegularFile(spec)) {
      throw new IllegalArgumentException("--spec: no such file: " + spec);
    }
    WorkloadSheet sheet = SheetReader.read(spec);
    Catalog catalog = Catalog.fromEnvironment(Optional.ofNullable(catalogDir));
    PriceCatalog prices = PriceCatalog.fromEnvironment(Optional.ofNullable(pricesDir));
    Recommendation r = new Recommender().recommend(sheet, catalog, prices);
    System.out.println(json ? r.toJson() : table(r, top));
    return 0;
  }

  static String table(Recommendation r, int top) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-4s %-14s %-14s %-12s %5s %3s %-5s %-13s %-17s %8s %-13s %8s %8s %7s%n",
        "rank", "operating", "model", "hardware", "gpus", "tp", "dtype", "engine/host", "cap_rps (range)", "$/month",
        "($ range)", "$/M_in", "$/M_out", "p95ttft"));
    List<StackOption> rows = r.options().subList(0, Math.min(top, r.options().size()));
    boolean anyProvisional = false;
    for (StackOption o : rows) {
      GpuFleet f = o.fleet().orElse(null);
      boolean provisional = f != null && f.provisionalEngine();
      anyProvisional |= provisional;
      String engine = f == null ? (o.price() == null ? "-" : String.valueOf(o.price().get("provider")))
          : f.engine().get("preset") + (provisional ? "*" : "");
      sb.append(String.format(Locale.ROOT, "%-4d %-14s %-14s %-12s %5s %3s %-5s %-13s %-17s %8.0f %-13s %8.4f %8.4f %7s%s%s%n",
          o.rank(), o.operatingModel(), o.model(), dash(f == null ? null : f.hardware()),
          dash(f == null ? null : f.gpus()), dash(f == null ? null : f.tensorParallel()),
          dash(f == null ? null : f.weightsDtype()), engine, capacity(o), o.usdPerMonth(), usdRange(o),
          o.usdPerMillionInputTokens(), o.usdPerMillionOutputTokens(),
          o.p95TtftMs() == null ? "-" : String.format(Locale.ROOT, "%.0f", o.p95TtftMs()),
          o.stale() ? "  (price stale)" : "",
          o.overlapsWith() != null && o.overlapsWith().contains(o.rank() - 1) ? "  ~#" + (o.rank() - 1) : ""));
    }
    if (anyProvisional) {
      sb.append("* provisional engine preset: efficiencies tuned to no published figure; its range is wider "
          + "(see reasons); calibrate before buying\n");
    }
    sb.append("ranges: capacity from the search's 95% confidence bracket and the preset's efficiency range; "
        + "~#k: the $ range overlaps the option above, their order is not settled\n");
    if (r.options().isEmpty()) {
      sb.append("no option serves this sheet; excluded:\n");
      r.excluded().forEach(e -> sb.append("  ").append(e).append('\n'));
    }
    if (r.options().size() > rows.size()) {
      sb.append("... ").append(r.options().size() - rows.size()).append(" more options (--top, or --format json)\n");
    }
    BreakEven b = r.breakEven();
    if (b == null) {
      sb.append("break-even: no self-hosted option with an API serving the same model\n");
    } else if (b.monthlyTokens() == null) {
      sb.append(String.format(Locale.ROOT, "break-even vs %s: none, %s%n", b.apiId(), b.note()));
    } else {
      sb.append(String.format(Locale.ROOT, "break-even: %.3g tokens/month between %s and %s ($%.3f/M tokens)%n",
          b.monthlyTokens(), b.selfHostedOption(), b.apiId(), b.apiUsdPerMillionTokens()));
    }
    Object stale = r.assumptions().get("stale_gpu_prices");
    if (stale instanceof List<?> l && !l.isEmpty()) {
      sb.append("stale prices (undated or older than 180 days) are marked; see assumptions in --format json\n");
    }
    if (r.search() != null) {
      sb.append("searched: ").append(r.search()).append('\n');
    }
    return sb.toString();
  }

  private static String capacity(StackOption o) {
    if (o.fleet().isEmpty()) {
      return "-";
    }
    double rps = o.fleet().get().capacityRps();
    if (o.range() == null) {
      return String.format(Locale.ROOT, "%.1f", rps);
    }
    return String.format(Locale.ROOT, "%.1f (%.0f-%.0f)", rps,
        ((Number) o.range().get("capacity_rps_low")).doubleValue(),
        ((Number) o.range().get("capacity_rps_high")).doubleValue());
  }

  private static String usdRange(StackOption o) {
    if (o.range() == null) {
      return "";
    }
    return String.format(Locale.ROOT, "(%.0f-%.0f)", o.usdPerMonthLow(), o.usdPerMonthHigh());
  }

  private static String dash(Object o) {
    return o == null ? "-" : o.toString();
  }
}
