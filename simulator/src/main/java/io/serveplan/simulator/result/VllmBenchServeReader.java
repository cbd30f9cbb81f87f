package io.serveplan.simulator.result;

import io.serveplan.hardware.document.JsonCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the result JSON that {@code vllm bench serve --save-result} (and the older
 * {@code benchmarks/benchmark_serving.py}) writes into {@link BenchServeMetrics}, the record the
 * simulator predicts. Other keys of the file (date, model_id, per-request arrays, the tool's own
 * additions) are left to the caller. Accepted, as vLLM has written them: {@code request_goodput}
 * as a number or null, and before 2025-06 as {@code "request_goodput:"} (a stray colon); any
 * {@code pP_X_ms} percentile, P a percent such as 99 or 99.9; a latency family left out entirely.
 * Every problem of a file is reported at once, one {@code field: problem} per line. Stateless.
 */
public final class VllmBenchServeReader {

  private static final List<String> REQUIRED = List.of("completed", "duration", "total_input_tokens",
      "total_output_tokens", "request_throughput", "output_throughput", "total_token_throughput");
  private static final Set<String> COUNTS = Set.of("completed", "total_input_tokens", "total_output_tokens");

  private VllmBenchServeReader() {}

  /** Whether {@code doc} has the two keys every vllm bench serve result has ({@code completed}, {@code duration}). */
  public static boolean isResult(Map<String, ?> doc) {
    return doc != null && doc.containsKey("completed") && doc.containsKey("duration");
  }

  public static BenchServeMetrics read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
    }
    return fromTree(object(text, file + ": not a JSON object: "), file.toString());
  }

  public static BenchServeMetrics parse(String json) {
    return fromTree(object(json, "the result is not a JSON object: "), "the result");
  }

  private static Map<String, Object> object(String json, String problem) {
    try {
      return JsonCodec.readObject(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(problem + e.getMessage(), e);
    }
  }

  /** A value as the file spells it, for error messages: strings quoted. */
  private static String shown(Object v) {
    return v instanceof String str ? "\"" + str + "\"" : String.valueOf(v);
  }

  /**
   * @param name how errors name the document (a file name)
   * @throws IllegalArgumentException listing every missing or malformed metric
   */
  public static BenchServeMetrics fromTree(Map<String, ?> doc, String name) {
    if (doc == null) {
      throw new IllegalArgumentException(name + ": a vllm bench serve result is a JSON object");
    }
    List<String> errors = new ArrayList<>();
    double[] v = new double[REQUIRED.size()];
    for (int i = 0; i < REQUIRED.size(); i++) {
      v[i] = number(doc, REQUIRED.get(i), COUNTS.contains(REQUIRED.get(i)), errors);
    }
    OptionalDouble goodput = goodput(doc, errors);
    List<LatencyStats> families = new ArrayList<>();
    for (String f : BenchServeMetrics.FAMILIES) {
      families.add(family(doc, f, errors));
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(name + " is not a readable vllm bench serve result:\n  "
          + String.join("\n  ", errors));
    }
    return new BenchServeMetrics((int) v[0], v[1], (long) v[2], (long) v[3], v[4], v[5], v[6], goodput,
        families.get(0), families.get(1), families.get(2), families.get(3));
  }

  private static double number(Map<String, ?> doc, String key, boolean count, List<String> errors) {
    Object n = doc.get(key);
    if (n == null) {
      errors.add(key + ": missing; every vllm bench serve result has it");
      return 0;
    }
    if (!(n instanceof Number num)) {
      errors.add(key + ": " + shown(n) + " is not a number");
      return 0;
    }
    double d = num.doubleValue();
    if (!Double.isFinite(d) || d < 0 || (count && d != Math.rint(d))) {
      errors.add(key + ": " + n + " is not " + (count ? "a count (an integer >= 0)" : "a finite number >= 0"));
      return 0;
    }
    return d;
  }

  private static OptionalDouble goodput(Map<String, ?> doc, List<String> errors) {
    Object g = doc.containsKey("request_goodput") ? doc.get("request_goodput") : doc.get("request_goodput:");
    if (g == null) {
      return OptionalDouble.empty(); // vLLM writes null unless --goodput was given
    }
    if (!(g instanceof Number num)) {
      errors.add("request_goodput: " + shown(g) + " is not a number or null");
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(num.doubleValue());
  }

  /** One family: absent when the file has none of its keys; else mean, median and std are required. */
  private static LatencyStats family(Map<String, ?> doc, String f, List<String> errors) {
    Pattern pct = Pattern.compile("p(\\d+(?:\\.\\d+)?)_" + f + "_ms");
    NavigableMap<Double, Double> percentiles = new TreeMap<>();
    for (String key : doc.keySet()) {
      Matcher m = pct.matcher(key);
      if (m.matches()) {
        double p = Double.parseDouble(m.group(1));
        Object n = doc.get(key);
        if (!(n instanceof Number num)) {
          errors.add(key + ": " + shown(n) + " is not a number");
        } else if (!(p > 0 && p <= 100)) {
          errors.add(key + ": percentile " + m.group(1) + " is outside (0, 100]");
        } else {
          percentiles.put(p, num.doubleValue());
        }
      }
    }
    String[] names = {"mean_" + f + "_ms", "median_" + f + "_ms", "std_" + f + "_ms"};
    boolean any = !percentiles.isEmpty();
    for (String n : names) {
      any |= doc.get(n) != null;
    }
    if (!any) {
      return LatencyStats.ABSENT;
    }
    double[] s = new double[3];
    for (int i = 0; i < 3; i++) {
      Object n = doc.get(names[i]);
      if (!(n instanceof Number num)) {
        errors.add(names[i] + ": " + (n == null ? "missing" : shown(n) + " is not a number")
            + "; the file reports other " + f + " keys, and vLLM writes mean, median and std together");
      } else {
        s[i] = num.doubleValue();
      }
    }
    return new LatencyStats(s[0], s[1], s[2], percentiles);
  }
}
