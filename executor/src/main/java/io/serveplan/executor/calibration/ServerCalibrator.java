package io.serveplan.executor.calibration;

import io.serveplan.executor.bench.BenchResult;
import io.serveplan.executor.bench.BenchServe;
import io.serveplan.executor.bench.MeasuredRun;
import io.serveplan.hardware.document.JsonCodec;
import io.serveplan.simulator.spec.LengthSpec;
import io.serveplan.simulator.spec.SharedPrefixSpec;
import io.serveplan.simulator.spec.SloSpec;
import io.serveplan.simulator.spec.WorkloadSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code calibrate --backend openai}: runs a designed calibration plan against a live
 * OpenAI-compatible server with {@link BenchServe} — closed-loop concurrency 1, 2, 4, ... until the
 * throughput stops growing (saturation), then single requests over a range of prompt lengths, a
 * range of output lengths at concurrency 4, and one shared-prefix case — as long as the budget
 * lasts. The measured runs go to {@link ServerFit}. Not thread-safe.
 */
public final class ServerCalibrator {

  /** One measured plan point and the highest request throughput the concurrency sweep reached. */
  public record Measurement(List<ServerFit.Point> points, double capacityRps, String capacityShape,
      Optional<Map<String, Object>> serverVersion, double wallSeconds) {}

  private ServerCalibrator() {}

  /**
   * @param maxModelLen the longest request the server takes (prompt + output)
   * @param budget the plan stops starting points once this much time has gone
   */
  public static Measurement measure(BenchServe.Options options, int vocabSize, int maxModelLen, Duration budget,
      SloSpec slo, Consumer<String> log) {
    long start = System.nanoTime();
    long budgetNs = budget.toNanos();
    int input = Math.max(8, Math.min(512, maxModelLen / 3));
    int output = Math.max(4, Math.min(128, maxModelLen / 6));
    List<ServerFit.Point> points = new ArrayList<>();
    double capacity = 0;
    double previous = 0;
    // 1. concurrency from 1 up to saturation
    for (int c = 1; c <= 256; c *= 2) {
      if (System.nanoTime() - start > budgetNs / 2 && c > 1) {
        log.accept("calibrate: budget half spent; the concurrency sweep stops at " + c / 2);
        break;
      }
      MeasuredRun run = run(options, "concurrency-" + c, closedLoop(c, Math.max(8, 3 * c), input, output, null),
          vocabSize, slo, points, log);
      double rps = run.metrics().requestThroughput();
      capacity = Math.max(capacity, rps);
      if (c > 1 && rps < 1.1 * previous) {
        log.accept(String.format(java.util.Locale.ROOT, "calibrate: saturated at concurrency %d (%.2f req/s, "
            + "%.2f at %d)", c, rps, previous, c / 2));
        break;
      }
      previous = rps;
    }
    // 2. prompt lengths, 3. output lengths, 4. a shared prefix
    List<Object[]> rest = List.of(
        new Object[] {"prompt-" + input / 4, closedLoop(1, 6, input / 4, 8, null)},
        new Object[] {"prompt-" + 2 * input, closedLoop(1, 6, Math.min(2 * input, maxModelLen - 16), 8, null)},
        new Object[] {"output-" + output / 4, closedLoop(4, 12, input / 2, Math.max(2, output / 4), null)},
        new Object[] {"output-" + 2 * output, closedLoop(4, 8, input / 2, Math.min(2 * output, maxModelLen - input), null)},
        new Object[] {"shared-prefix-" + input / 2, closedLoop(4, 12, input, output / 2,
            new SharedPrefixSpec(input / 2, 1))});
    for (Object[] point : rest) {
      if (System.nanoTime() - start > budgetNs) {
        log.accept("calibrate: budget spent; skipped " + point[0] + " and the points after it");
        break;
      }
      run(options, (String) point[0], (WorkloadSpec) point[1], vocabSize, slo, points, log);
    }
    return new Measurement(points, capacity, "input " + input + " / output " + output + " tokens, closed loop",
        version(options.baseUrl()), (System.nanoTime() - start) / 1e9);
  }

  private static MeasuredRun run(BenchServe.Options options, String name, WorkloadSpec w, int vocabSize, SloSpec slo,
      List<ServerFit.Point> points, Consumer<String> log) {
    BenchResult result = new BenchServe(options).run(w, 0, vocabSize, () -> false, p -> { });
    if (result.failed() > 0) {
      throw new IllegalArgumentException("--base-url: plan point " + name + ": " + result.failed()
          + " requests failed, e.g. " + result.firstError().orElse("(no message)"));
    }
    MeasuredRun run = result.measured(slo);
    points.add(new ServerFit.Point(name, run));
    log.accept(String.format(java.util.Locale.ROOT, "calibrate: %-20s %6.2f req/s  TTFT %8.1f ms  TPOT %7.2f ms  "
            + "E2E %8.1f ms", name, run.metrics().requestThroughput(), run.metrics().ttft().meanMs(),
        run.metrics().tpot().meanMs(), run.metrics().e2el().meanMs()));
    return run;
  }

  static WorkloadSpec closedLoop(int clients, int requests, int input, int output, SharedPrefixSpec prefix) {
    return new WorkloadSpec("concurrency", 1.0, 1.0, clients, requests, LengthSpec.fixed(input),
        LengthSpec.fixed(output), prefix != null ? prefix : SharedPrefixSpec.none(), null, 1.0);
  }

  /** The server's {@code /version} document, when it has one (vLLM, SGLang and serve-model do). */
  static Optional<Map<String, Object>> version(URI baseUrl) {
    String base = baseUrl.toString().replaceAll("/+$", "").replaceAll("/v1$", "");
    try {
      HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
          HttpRequest.newBuilder(URI.create(base + "/version")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? Optional.of(JsonCodec.readObject(r.body())) : Optional.empty();
    } catch (java.io.IOException | IllegalArgumentException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
