package io.serveplan.web.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.serveplan.cost.capacity.CapacityOptions;
import io.serveplan.cost.capacity.CapacitySearch;
import io.serveplan.cost.capacity.RateSweep;
import io.serveplan.hardware.document.Document;
import io.serveplan.hardware.document.FieldError;
import io.serveplan.hardware.document.JsonCodec;
import io.serveplan.simulator.plan.RunPlan;
import io.serveplan.simulator.spec.SpecException;
import io.serveplan.simulator.spec.SpecReader;
import io.serveplan.simulator.spec.WhatIfSpec;
import io.serveplan.web.db.RunKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Rate sweeps: {@code serveplan sweep-rate} over the API. The submitted document is
 *
 * <pre>
 *   {"what_if": {a what-if spec}, "points": "10"}      points: {@value RateSweep#MIN_POINTS}..{@value RateSweep#MAX_POINTS}
 *   {"what_if": {a what-if spec}, "rates": "2,4,8"}    rates: positive req/s, at most {@value RateSweep#MAX_POINTS}
 * </pre>
 *
 * (the query parameters of {@code POST /api/v1/sweeps} beside its body); it is stored with
 * {@code points} a number or {@code rates} a list. The what-if spec is checked exactly as a
 * simulation's (its rate, request count and arrival are the sweep's own: Poisson probes of one
 * replica). The result is {@link RateSweep} with the CLI's keys. Each probe simulates at most
 * {@link RunLimits#maxRequests()} requests (and at most {@code CapacityOptions}' 8,000); the run's
 * memory is that of one replica holding that many requests.
 */
public final class SweepHandler implements RunHandler {

  // the CLI's sweep-rate writes the same record with the same rules (JsonCodec SNAKE_CASE)
  private static final ObjectMapper RESULT_JSON = JsonCodec.snakeCaseMapper();
  static final int DEFAULT_POINTS = 10;

  private final SimulationHandler simulations;
  private final CapacitySearch search;

  /** @param simulations checks and resolves the what-if spec (the same rules and catalog as a simulation) */
  public SweepHandler(SimulationHandler simulations) {
    this(simulations, new CapacitySearch());
  }

  SweepHandler(SimulationHandler simulations, CapacitySearch search) {
    this.simulations = simulations;
    this.search = search;
  }

  @Override
  public RunKind kind() {
    return RunKind.SWEEP;
  }

  /** The document a resource submits: the body and the raw query parameters (null when absent). */
  public static JsonNode document(JsonNode whatIf, String points, String rates) {
    ObjectNode doc = JsonNodeFactory.instance.objectNode();
    doc.set("what_if", whatIf);
    if (points != null) {
      doc.put("points", points);
    }
    if (rates != null) {
      doc.put("rates", rates);
    }
    return doc;
  }

  @Override
  public JsonNode accept(JsonNode document) {
    List<FieldError> errors = new ArrayList<>();
    Integer points = null;
    List<Double> rates = List.of();
    String rawRates = text(document.get("rates"));
    String rawPoints = text(document.get("points"));
    if (rawRates != null && rawPoints != null) {
      errors.add(new FieldError("points", "give points or rates, not both"));
    } else if (rawRates != null) {
      rates = rates(rawRates, errors);
    } else {
      points = points(rawPoints, errors);
    }
    WhatIfSpec spec;
    try {
      spec = simulations.resolver().read(() -> SpecReader.fromTree(Document.of(document.path("what_if"))));
    } catch (SpecException e) {
      List<FieldError> all = new ArrayList<>(e.errors());
      all.addAll(errors);
      throw new SpecException(all);
    }
    RunPlan plan = simulations.checkedPlan(spec, errors);
    RunMemoryEstimate estimate = estimate(plan);
    MemoryBudget memory = simulations.memory();
    if (estimate.bytes() > memory.bytes()) {
      throw new RunTooLargeException(List.of(new FieldError("hardware", estimate.describe() + ", more than this "
          + "server's memory budget for runs (" + RunMemoryEstimate.size(memory.bytes()) + ", serve --memory-budget-mb); "
          + "a sweep holds one replica of the GPU's KV blocks and one probe's requests")));
    }
    ObjectNode stored = JsonNodeFactory.instance.objectNode();
    stored.set("what_if", document.path("what_if"));
    if (points != null) {
      stored.put("points", points);
    } else {
      ArrayNode list = stored.putArray("rates");
      rates.forEach(list::add);
    }
    return stored;
  }

  @Override
  public long memoryEstimateBytes(JsonNode accepted) {
    return estimate(simulations.plan(whatIf(accepted))).bytes();
  }

  @Override
  public JsonNode execute(JsonNode accepted, RunControl control) {
    RunPlan plan = simulations.plan(whatIf(accepted));
    List<Double> rates = new ArrayList<>();
    accepted.path("rates").forEach(r -> rates.add(r.asDouble()));
    int points = accepted.path("points").asInt(DEFAULT_POINTS);
    RateSweep sweep = RateSweep.of(search, plan, rates, points, options(), (done, total) -> {
      if (control.isCancelled()) {
        throw new RunCancelledException();
      }
      control.progress(done / (double) total);
    });
    return RESULT_JSON.valueToTree(sweep);
  }

  /** The capacity search's defaults, with probes no larger than this server's request limit. */
  private CapacityOptions options() {
    CapacityOptions d = CapacityOptions.defaults();
    int max = (int) Math.max(100, Math.min(d.maxRequestsPerProbe(), simulations.limits().maxRequests()));
    return d.withRequestsPerProbe(Math.min(d.requestsPerProbe(), max), max);
  }

  /** One replica (the sweep's probes) holding one probe's requests, or the saturated closed loop's. */
  private RunMemoryEstimate estimate(RunPlan plan) {
    RunPlan one = plan.withWorkload(plan.spec().workload(), plan.spec().seed());
    // NOTE: the service-rate probe runs up to 4,000 closed-loop requests (CapacitySearch.serviceRate)
    return RunMemoryEstimate.of(one, Math.max(4000, options().maxRequestsPerProbe()));
  }

  private static WhatIfSpec whatIf(JsonNode accepted) {
    return SpecReader.fromTree(Document.of(accepted.path("what_if")));
  }

  private static String text(JsonNode v) {
    return v == null || v.isNull() ? null : v.asText().trim();
  }

  private static Integer points(String raw, List<FieldError> errors) {
    String allowed = "must be a whole number in [" + RateSweep.MIN_POINTS + ", " + RateSweep.MAX_POINTS + "]";
    if (raw == null) {
      return DEFAULT_POINTS;
    }
    try {
      int n = Integer.parseInt(raw);
      if (n >= RateSweep.MIN_POINTS && n <= RateSweep.MAX_POINTS) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with the allowed range
    }
    errors.add(new FieldError("points", allowed + ", got '" + raw + "'"));
    return null;
  }

  private static List<Double> rates(String raw, List<FieldError> errors) {
    List<Double> out = new ArrayList<>();
    String[] parts = raw.isEmpty() ? new String[0] : raw.split(",");
    if (parts.length == 0 || parts.length > RateSweep.MAX_POINTS) {
      errors.add(new FieldError("rates", String.format(Locale.ROOT, "must list 1 to %d rates (req/s, comma-separated), "
          + "got %d", RateSweep.MAX_POINTS, parts.length)));
      return out;
    }
    double maxRps = CapacityOptions.defaults().maxRps();
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i].trim();
      double r;
      try {
        r = p.matches("[+]?[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?") ? Double.parseDouble(p) : Double.NaN;
      } catch (NumberFormatException e) {
        r = Double.NaN;
      }
      if (!(r > 0 && r <= maxRps)) {
        errors.add(new FieldError("rates[" + i + "]", String.format(Locale.ROOT, "must be in (0, %,.0f] req/s, got '%s'",
            maxRps, p)));
      } else {
        out.add(r);
      }
    }
    return out;
  }
}
