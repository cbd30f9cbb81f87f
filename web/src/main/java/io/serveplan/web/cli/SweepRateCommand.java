package io.serveplan.web.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.serveplan.cost.capacity.CapacityOptions;
import io.serveplan.cost.capacity.CapacityPoint;
import io.serveplan.cost.capacity.CapacitySearch;
import io.serveplan.cost.capacity.RateSweep;
import io.serveplan.hardware.Catalog;
import io.serveplan.hardware.document.JsonCodec;
import io.serveplan.reports.HtmlReport;
import io.serveplan.simulator.plan.RunPlanResolver;
import io.serveplan.simulator.spec.SpecReader;
import io.serveplan.simulator.spec.WhatIfSpec;
import io.serveplan.web.run.ResultDocuments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code serveplan sweep-rate}: the throughput–latency curve of one replica of a what-if spec's
 * configuration over offered rates (steady-state probes), with the knee and the SLO-limited
 * capacity marked; {@code --report DIR} writes the HTML report with its chart.
 */
@Command(name = "sweep-rate",
    description = "Throughput-latency curve of one replica over offered rates, knee and SLO capacity marked.")
final class SweepRateCommand implements Callable<Integer> {

  // the same rules as POST /api/v1/sweeps' result (SweepHandler): one set of keys
  private static final ObjectMapper JSON = JsonCodec.snakeCaseMapper();

  @Option(names = "--spec", required = true, description = "what-if spec, YAML or JSON (its rate is ignored)")
  Path spec;

  @Option(names = "--rates", split = ",", description = "offered rates, req/s (default: --points fractions of the "
      + "service rate up to 1.1x)")
  List<Double> rates = new ArrayList<>();

  @Option(names = "--points", defaultValue = "10", description = "number of rates without --rates (default: ${DEFAULT-VALUE})")
  int points;

  @Option(names = "--format", defaultValue = "table", description = "table | json (default: table)")
  String format;

  @Option(names = "--report", description = "also write an HTML report with the chart into this directory")
  Path report;

  @Option(names = "--catalog-dir", description = "directory of user catalog files (default: $SERVEPLAN_CATALOG)")
  Path catalogDir;

  @Override
  public Integer call() throws Exception {
    boolean json = Tables.wantsJson(format);
    if (!Files.isRegularFile(spec)) {
      throw new IllegalArgumentException("--spec: no such file: " + spec);
    }
    if (points < RateSweep.MIN_POINTS || points > RateSweep.MAX_POINTS) {
      throw new IllegalArgumentException("--points: must be in [" + RateSweep.MIN_POINTS + ", " + RateSweep.MAX_POINTS
          + "], got " + points);
    }
    if (rates.size() > RateSweep.MAX_POINTS) {
      throw new IllegalArgumentException("--rates: at most " + RateSweep.MAX_POINTS + " rates, got " + rates.size());
    }
    for (double r : rates) {
      if (!(r > 0)) {
        throw new IllegalArgumentException("--rates: every rate must be > 0 req/s, got " + r);
      }
    }
    Catalog catalog = Catalog.fromEnvironment(Optional.ofNullable(catalogDir));
    WhatIfSpec whatIf = new RunPlanResolver(catalog).read(() -> SpecReader.read(spec));
    // the share of requests that must meet the SLO: the capacity search's default (95%)
    RateSweep sweep = RateSweep.of(new CapacitySearch(), new RunPlanResolver(catalog).resolve(whatIf), rates, points,
        CapacityOptions.defaults());
    String text = JSON.writeValueAsString(sweep);
    System.out.println(json ? text : table(sweep));
    if (report != null) {
      System.err.println("report: " + HtmlReport.write(ResultDocuments.read(text), report));
    }
    return 0;
  }

  static String table(RateSweep s) {
    StringBuilder sb = new StringBuilder();
    sb.append(s.configuration()).append(String.format(Locale.ROOT, ", service rate %.3g req/s%n", s.serviceRps()));
    sb.append(String.format(Locale.ROOT, "%10s %12s %12s %17s %12s %11s %8s  %s%n", "offered", "achieved",
        "p95_ttft_ms", "(95% interval)", "p95_tpot_ms", "attainment", "requests", "verdict"));
    for (CapacityPoint p : s.curve()) {
      String mark = p.rps() == s.kneeRps() ? "  <- knee" : "";
      sb.append(String.format(Locale.ROOT, "%10.3g %12.3g %12s %17s %12s %11.3f %8d  %s%s%n", p.rps(), p.achievedRps(),
          p.p95TtftMs() == null ? "-" : String.format(Locale.ROOT, "%.0f", p.p95TtftMs()),
          p.p95TtftMsLow() == null ? "-" : String.format(Locale.ROOT, "[%.0f, %.0f]", p.p95TtftMsLow(), p.p95TtftMsHigh()),
          p.p95TpotMs() == null ? "-" : String.format(Locale.ROOT, "%.1f", p.p95TpotMs()), p.attainment(), p.requests(),
          p.pass() ? "holds the SLO" : p.verdict(), mark));
    }
    sb.append(String.format(Locale.ROOT, "knee: %.3g req/s; SLO capacity (TTFT %.0f ms, TPOT %.0f ms, %.0f%% of "
        + "requests, 95%% confidence): %.3g req/s%n", s.kneeRps(), ((Number) s.slo().get("ttft_ms")).doubleValue(),
        ((Number) s.slo().get("tpot_ms")).doubleValue(), ((Number) s.slo().get("attainment")).doubleValue() * 100,
        s.maxRps()));
    return sb.toString();
  }
}
