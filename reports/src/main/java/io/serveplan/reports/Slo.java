package io.serveplan.reports;

/**
 * The latency targets a result was judged against, in milliseconds (0 or null: not set), and the
 * share of requests that must meet them where the result names one.
 */
public record Slo(Double ttftMs, Double tpotMs, Double e2elMs, Double attainment) {

  /** No targets. */
  public static final Slo NONE = new Slo(null, null, null, null);

  /** The TTFT target, 0 when not set. */
  public double ttft() {
    return ttftMs == null ? 0 : ttftMs;
  }

  /** The TPOT target, 0 when not set. */
  public double tpot() {
    return tpotMs == null ? 0 : tpotMs;
  }

  /** The end-to-end target, 0 when not set. */
  public double e2el() {
    return e2elMs == null ? 0 : e2elMs;
  }

  /** Whether any target is set. */
  public boolean any() {
    return ttft() > 0 || tpot() > 0 || e2el() > 0;
  }

  static Slo orNone(Slo slo) {
    return slo == null ? NONE : slo;
  }
}
