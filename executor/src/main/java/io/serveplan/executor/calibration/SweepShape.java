package io.serveplan.executor.calibration;

import java.util.ArrayList;
import java.util.List;

/**
 * One step shape of the calibration sweep: prefill chunks (tokens after a cached context) and a
 * batch of decodes at one context length. {@link #standard} is the sweep {@code calibrate} runs.
 */
public record SweepShape(String name, int[] prefillTokens, int[] prefillContext, int numDecode, int decodeContext) {

  /** Tokens of KV the shape holds (every sequence's whole context). */
  public long contextTokens() {
    long n = (long) numDecode * (decodeContext + 1);
    for (int i = 0; i < prefillTokens.length; i++) {
      n += prefillTokens[i] + prefillContext[i];
    }
    return n;
  }

  public int numTokens() {
    int n = numDecode;
    for (int t : prefillTokens) {
      n += t;
    }
    return n;
  }

  /**
   * Prefill chunk sizes × cached context, decode batch sizes × context, mixed steps, and steps
   * with several prefill chunks; limited to shapes whose KV fits {@code maxContextTokens} and
   * whose positions fit {@code maxPositions}.
   */
  public static List<SweepShape> standard(int maxPositions, long maxContextTokens, int maxBatchTokens) {
    List<SweepShape> shapes = new ArrayList<>();
    for (int chunk : new int[] {8, 32, 64, 128, 256, 512}) {
      for (int context : new int[] {0, 256, 512}) {
        shapes.add(new SweepShape("prefill-" + chunk + "@" + context, new int[] {chunk}, new int[] {context}, 0, 0));
      }
    }
    for (int batch : new int[] {1, 2, 4, 8, 16, 32, 64}) {
      for (int context : new int[] {32, 128, 384, 768}) {
        shapes.add(new SweepShape("decode-" + batch + "@" + context, new int[0], new int[0], batch, context));
      }
    }
    for (int chunk : new int[] {32, 128, 256}) {
      for (int batch : new int[] {4, 16}) {
        shapes.add(new SweepShape("mixed-" + chunk + "+" + batch + "@256", new int[] {chunk}, new int[] {0}, batch, 256));
      }
    }
    shapes.add(new SweepShape("prefill-2x64", new int[] {64, 64}, new int[] {0, 0}, 0, 0));
    shapes.add(new SweepShape("prefill-4x64", new int[] {64, 64, 64, 64}, new int[] {0, 0, 0, 0}, 0, 0));
    shapes.add(new SweepShape("prefill-4x32+8@128", new int[] {32, 32, 32, 32}, new int[] {64, 0, 128, 0}, 8, 128));
    shapes.removeIf(s -> s.contextTokens() > maxContextTokens || s.numTokens() > maxBatchTokens
        || maxContext(s) > maxPositions);
    return shapes;
  }

  private static int maxContext(SweepShape s) {
    int max = s.numDecode > 0 ? s.decodeContext + 1 : 0;
    for (int i = 0; i < s.prefillTokens.length; i++) {
      max = Math.max(max, s.prefillTokens[i] + s.prefillContext[i]);
    }
    return max;
  }
}
