package io.serveplan.simulator.workload;

import io.serveplan.simulator.spec.LengthSpec;
import io.serveplan.simulator.spec.SpecException;
import io.serveplan.simulator.spec.WorkloadSpec;
import java.util.SplittableRandom;

/**
 * Turns a {@link WorkloadSpec} and a seed into a {@link Workload}. Deterministic: one seed, one
 * workload. Arrival times, input lengths, output lengths and prefix groups draw from separate
 * streams, so changing one distribution leaves the others' draws unchanged.
 *
 * <p>The prompt is the shared prefix (if any) followed by the sampled input length.
 */
public final class WorkloadGenerator {

  private WorkloadGenerator() {}

  /**
   * @param vocabSize token ids are drawn from {@code [0, vocabSize)}
   * @param numRequestsCap an upper bound on the number of requests (the run's size limit); a
   *     larger request count is refused with a SpecException naming workload.num_requests
   */
  public static Workload generate(WorkloadSpec w, long seed, int vocabSize, long numRequestsCap) {
    SplittableRandom arrivalRng = new SplittableRandom(seed);
    SplittableRandom inputRng = new SplittableRandom(seed * 31 + 1);
    SplittableRandom outputRng = new SplittableRandom(seed * 31 + 2);
    SplittableRandom groupRng = new SplittableRandom(seed * 31 + 3);
    boolean fromTrace = "trace".equals(w.arrival());
    Trace trace = fromTrace ? Trace.load(w.trace(), "workload.trace") : null;
    int n = w.numRequests() != null ? w.numRequests()
        : fromTrace ? trace.size() : WorkloadSpec.DEFAULT_NUM_REQUESTS;
    if (fromTrace) {
      n = Math.min(n, trace.size());
    }
    if (n > numRequestsCap) {
      throw new SpecException("workload.num_requests", n + " requests exceed this run's limit of "
          + numRequestsCap + " (raise the limit, e.g. simulate --max-requests, or ask for fewer)");
    }
    long[] arrival = new long[n];
    int[] in = new int[n];
    int[] out = new int[n];
    int[] group = new int[n];
    int prefix = w.sharedPrefix().tokens();
    int groups = w.sharedPrefix().groups();
    Trace inTrace = empiricalTrace(w.inputTokens(), "workload.input_tokens.trace");
    Trace outTrace = empiricalTrace(w.outputTokens(), "workload.output_tokens.trace");
    double t = 0;
    for (int i = 0; i < n; i++) {
      switch (w.arrival()) {
        case "poisson" -> t += -Math.log(1 - arrivalRng.nextDouble()) / w.rate();
        case "gamma" -> t += gammaInterval(arrivalRng, w.rate(), w.cv());
        case "constant" -> t = i / w.rate();
        case "offline" -> t = 0;
        case "trace" -> t = trace.arrivalS[i] / w.timeScale();
        case "concurrency" -> t = -1;
        default -> throw new IllegalStateException("arrival " + w.arrival());
      }
      boolean closed = "concurrency".equals(w.arrival());
      arrival[i] = closed ? (i < w.concurrency() ? 0 : -1) : Math.round(t * 1e9);
      if (fromTrace) {
        in[i] = trace.inputTokens[i];
        out[i] = trace.outputTokens[i];
      } else {
        in[i] = sample(w.inputTokens(), inTrace == null ? null : inTrace.inputTokens, inputRng);
        out[i] = sample(w.outputTokens(), outTrace == null ? null : outTrace.outputTokens, outputRng);
      }
      group[i] = prefix > 0 ? groupRng.nextInt(groups) : -1;
      in[i] += prefix > 0 ? prefix : 0;
    }
    int[][] prefixes = new int[prefix > 0 ? groups : 0][];
    for (int g = 0; g < prefixes.length; g++) {
      SplittableRandom r = new SplittableRandom(seed * 1_000_003L + g);
      prefixes[g] = new int[prefix];
      for (int k = 0; k < prefix; k++) {
        prefixes[g][k] = r.nextInt(vocabSize);
      }
    }
    int conc = "concurrency".equals(w.arrival()) ? w.concurrency() : 0;
    return new Workload(arrival, in, out, group, prefixes, conc, vocabSize, seed);
  }

  private static Trace empiricalTrace(LengthSpec l, String field) {
    return "empirical".equals(l.distribution()) ? Trace.load(l.trace(), field) : null;
  }

  /** One length from the distribution, rounded, at least 1 and at most max. */
  static int sample(LengthSpec l, int[] empirical, SplittableRandom rng) {
    double max = l.max() != null ? l.max() : Double.MAX_VALUE;
    double v =
        switch (l.distribution()) {
          case "fixed" -> l.value();
          case "uniform" -> l.min() + rng.nextInt((int) (l.max() - l.min()) + 1);
          case "normal" -> l.mean() + l.stddev() * rng.nextGaussian();
          case "lognormal" -> lognormal(rng, l.mean(), l.stddev());
          case "empirical" -> empirical[rng.nextInt(empirical.length)];
          default -> throw new IllegalStateException("distribution " + l.distribution());
        };
    return (int) Math.max(1, Math.min(max, Math.round(v)));
  }

  /** A lognormal draw whose own mean and standard deviation are the given ones. */
  static double lognormal(SplittableRandom rng, double mean, double stddev) {
    if (stddev <= 0) {
      return mean;
    }
    double s2 = Math.log(1 + (stddev * stddev) / (mean * mean));
    double mu = Math.log(mean) - s2 / 2;
    return Math.exp(mu + Math.sqrt(s2) * rng.nextGaussian());
  }

  /** Gamma inter-arrival time with mean 1/rate and coefficient of variation cv. */
  static double gammaInterval(SplittableRandom rng, double rate, double cv) {
    double shape = 1 / (cv * cv);
    double scale = 1 / (rate * shape);
    return gamma(rng, shape) * scale;
  }

  /** Marsaglia-Tsang sampler (shape < 1 boosted by U^(1/shape)). */
  static double gamma(SplittableRandom rng, double shape) {
    if (shape < 1) {
      double u = rng.nextDouble();
      return gamma(rng, shape + 1) * Math.pow(u, 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x = rng.nextGaussian();
      double v = 1 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = rng.nextDouble();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
        return d * v;
      }
    }
  }
}
