package io.serveplan.executor.bench;

import io.serveplan.executor.serving.StubCompletionServer;
import io.serveplan.simulator.spec.LengthSpec;
import io.serveplan.simulator.spec.SharedPrefixSpec;
import io.serveplan.simulator.spec.WorkloadSpec;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Measures {@link BenchServe}'s own overhead: closed-loop clients against a
 * {@link StubCompletionServer} on the same machine (which streams tokens with no model), so the
 * requests per second and streamed tokens per second it reaches are what the client, the loopback
 * and the stub together can drive — a lower bound on the client's capacity. Prints each run and
 * the median. Run:
 * <pre>
 * java --add-modules jdk.incubator.vector -cp "web/target/classes:web/target/lib/*" \
 *     io.serveplan.executor.bench.LoadGeneratorOverhead [runs=5] [clients=32] [requests=2000] [tokens=64]
 * </pre>
 */
public final class LoadGeneratorOverhead {

  private LoadGeneratorOverhead() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    int requests = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
    int tokens = args.length > 3 ? Integer.parseInt(args[3]) : 64;
    WorkloadSpec w = new WorkloadSpec("concurrency", 1, 1, clients, requests, LengthSpec.fixed(16),
        LengthSpec.fixed(tokens), SharedPrefixSpec.none(), null, 1);
    double[] rps = new double[runs];
    double[] tps = new double[runs];
    try (StubCompletionServer stub = new StubCompletionServer(0, clients)) {
      for (int r = 0; r < runs; r++) {
        BenchServe bench = new BenchServe(new BenchServe.Options(URI.create("http://127.0.0.1:" + stub.port()),
            "stub", "completions", 0, clients, Duration.ofSeconds(60), "overhead"));
        BenchResult result = bench.run(w, r, 32000, () -> false, p -> { });
        int failed = result.requests().size() - result.completed().size();
        long streamed = result.completed().stream().mapToLong(RequestOutcome::outputTokens).sum();
        rps[r] = result.completed().size() / result.durationS();
        tps[r] = streamed / result.durationS();
        System.out.printf(Locale.ROOT, "run %d: %d requests (%d failed) in %.2f s: %.0f req/s, %.0f streamed tok/s%n",
            r + 1, result.requests().size(), failed, result.durationS(), rps[r], tps[r]);
      }
    }
    Arrays.sort(rps);
    Arrays.sort(tps);
    System.out.printf(Locale.ROOT, "median of %d: %.0f req/s, %.0f streamed tok/s (%d clients, %d tokens each, %d "
        + "cores)%n", runs, rps[runs / 2], tps[runs / 2], clients, tokens, Runtime.getRuntime().availableProcessors());
  }
}
