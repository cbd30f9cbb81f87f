package io.serveplan.cost.sheet;

import io.serveplan.simulator.spec.LengthSpec;
import io.serveplan.simulator.spec.SloSpec;
import io.serveplan.simulator.spec.WorkloadSpec;
import io.serveplan.simulator.workload.Trace;
import java.util.Locale;

/**
 * Turns a workload as engineers describe it into the open-loop rate a sheet plans for, and says how.
 *
 * <pre>
 *   concurrency   N users, each waiting think_time_s between a reply and its next request
 *                 (Little's law): rate = N / (think_time_s + response_s), response_s = the SLO's
 *                 TTFT + (mean output − 1) × TPOT (the slowest response the SLO allows, so the rate
 *                 is the lowest those users can offer while the SLO holds; faster replies raise it)
 *   trace         rate = requests ÷ span × time_scale; lengths drawn from the trace (empirical)
 *   empirical     lengths drawn from the trace; their mean is the trace column's mean
 * </pre>
 */
public record WorkloadConversion(WorkloadSpec openLoop, double meanInputTokens, double meanOutputTokens,
    String description) {

  /** Converts {@code w}; {@code description} is null when nothing needed converting. */
  public static WorkloadConversion of(WorkloadSpec w, double thinkTimeS, SloSpec slo) {
    double in = mean(w.inputTokens(), true);
    double out = mean(w.outputTokens(), false);
    String lengths = lengthsNote(w);
    switch (w.arrival()) {
      case "concurrency" -> {
        double responseS = (slo.ttftMs() + Math.max(0, out - 1) * slo.tpotMs()) / 1e3;
        double rate = w.concurrency() / (thinkTimeS + responseS);
        String d = String.format(Locale.ROOT,
            "closed loop converted by Little's law: %d users / (think %.1f s + response %.2f s at the SLO's TTFT "
                + "%.0f ms and TPOT %.0f ms × %.0f tokens) = %.3g req/s", w.concurrency(), thinkTimeS, responseS,
            slo.ttftMs(), slo.tpotMs(), out, rate);
        return new WorkloadConversion(poisson(w, rate, w.inputTokens(), w.outputTokens()), in, out, join(d, lengths));
      }
      case "trace" -> {
        Trace t = Trace.load(w.trace(), "workload.trace");
        double rate = t.size() / Math.max(1e-9, t.spanS()) * w.timeScale();
        LengthSpec inE = new LengthSpec("empirical", null, null, null, null, null, w.trace());
        double inMean = 0;
        double outMean = 0;
        for (int i = 0; i < t.size(); i++) {
          inMean += t.inputTokens(i);
          outMean += t.outputTokens(i);
        }
        inMean /= Math.max(1, t.size());
        outMean /= Math.max(1, t.size());
        String d = String.format(Locale.ROOT,
            "trace '%s' converted: %d requests over %.0f s × time_scale %.3g = %.3g req/s (Poisson at that rate in the "
                + "capacity search); lengths drawn from the trace (mean %.0f in, %.0f out)", w.trace(), t.size(),
            t.spanS(), w.timeScale(), rate, inMean, outMean);
        return new WorkloadConversion(poisson(w, rate, inE, inE), inMean, outMean, d);
      }
      default -> {
        return new WorkloadConversion(w, in, out, lengths);
      }
    }
  }

  private static WorkloadSpec poisson(WorkloadSpec w, double rate, LengthSpec in, LengthSpec out) {
    return new WorkloadSpec("poisson", rate, 1.0, null, w.numRequests(), in, out, w.sharedPrefix(), w.trace(), 1.0);
  }

  private static String lengthsNote(WorkloadSpec w) {
    if (!"empirical".equals(w.inputTokens().distribution()) && !"empirical".equals(w.outputTokens().distribution())) {
      return null;
    }
    return String.format(Locale.ROOT, "empirical lengths from trace(s): mean %.0f input, %.0f output tokens",
        mean(w.inputTokens(), true), mean(w.outputTokens(), false));
  }

  private static String join(String a, String b) {
    return b == null ? a : a + "; " + b;
  }

  /** A length distribution's mean; an empirical one's is its trace column's. */
  static double mean(LengthSpec l, boolean input) {
    if (!"empirical".equals(l.distribution())) {
      return l.expectedValue();
    }
    Trace t = Trace.load(l.trace(), input ? "workload.input_tokens.trace" : "workload.output_tokens.trace");
    double sum = 0;
    for (int i = 0; i < t.size(); i++) {
      sum += input ? t.inputTokens(i) : t.outputTokens(i);
    }
    return sum / Math.max(1, t.size());
  }
}
