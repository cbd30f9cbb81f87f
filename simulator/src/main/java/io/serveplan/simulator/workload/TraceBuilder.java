package io.serveplan.simulator.workload;

import io.serveplan.hardware.document.JsonCodec;
import io.serveplan.simulator.spec.SpecException;
import java.util.Arrays;
import java.util.Map;

/** Accumulates trace rows, then sorts them by arrival and rebases time to the first arrival. */
final class TraceBuilder {

  private final String name;
  private final String field;
  private boolean azure;
  private double[] t = new double[1024];
  private int[] in = new int[1024];
  private int[] out = new int[1024];
  private int n;

  TraceBuilder(String name, String field) {
    this.name = name;
    this.field = field;
  }

  void expectAzure(String header) {
    azure = true;
    checkHeader(header, "timestamp", "contexttokens", "generatedtokens");
  }

  void expectPlain(String header) {
    checkHeader(header, "arrival_s", "input_tokens", "output_tokens");
  }

  private void checkHeader(String header, String... cols) {
    String[] h = header.toLowerCase().split(",");
    if (h.length < 3 || !h[0].trim().equals(cols[0]) || !h[1].trim().equals(cols[1])
        || !h[2].trim().equals(cols[2])) {
      throw bad(1, "header must start with " + String.join(",", cols) + ", got '" + header + "'");
    }
  }

  void csvLine(String line, int lineNo) {
    int c1 = line.indexOf(',');
    int c2 = c1 < 0 ? -1 : line.indexOf(',', c1 + 1);
    if (c2 < 0) {
      throw bad(lineNo, "expected 3 comma-separated columns, got '" + line + "'");
    }
    int c3 = line.indexOf(',', c2 + 1);
    try {
      String ts = line.substring(0, c1);
      double time = azure ? Trace.parseAzureTimestamp(ts) : Double.parseDouble(ts.trim());
      int i = Integer.parseInt(line.substring(c1 + 1, c2).trim());
      int o = Integer.parseInt((c3 < 0 ? line.substring(c2 + 1) : line.substring(c2 + 1, c3)).trim());
      add(time, i, o, lineNo);
    } catch (RuntimeException e) {
      if (e instanceof SpecException s) {
        throw s;
      }
      throw bad(lineNo, "cannot read '" + line + "': " + e.getMessage());
    }
  }

  void jsonLine(String line, int lineNo) {
    Map<String, Object> n;
    try {
      n = JsonCodec.readObject(line);
    } catch (IllegalArgumentException e) {
      throw bad(lineNo, "not a JSON object: " + e.getMessage());
    }
    if (!(n.get("arrival_s") instanceof Number a) || !isInt(n.get("input_tokens"))
        || !isInt(n.get("output_tokens"))) {
      throw bad(lineNo, "each JSON line needs numeric arrival_s, input_tokens, output_tokens");
    }
    add(a.doubleValue(), ((Number) n.get("input_tokens")).intValue(), ((Number) n.get("output_tokens")).intValue(),
        lineNo);
  }

  private static boolean isInt(Object v) {
    return v instanceof Number num && Math.abs(num.doubleValue()) <= Integer.MAX_VALUE;
  }

  private void add(double time, int i, int o, int lineNo) {
    if (!Double.isFinite(time) || time < 0 && !azure) {
      throw bad(lineNo, "arrival must be a finite number >= 0, got " + time);
    }
    if (i < 1 || o < 1) {
      throw bad(lineNo, "input and output tokens must be >= 1, got " + i + " and " + o);
    }
    if (n == t.length) {
      t = Arrays.copyOf(t, n * 2);
      in = Arrays.copyOf(in, n * 2);
      out = Arrays.copyOf(out, n * 2);
    }
    t[n] = time;
    in[n] = i;
    out[n] = o;
    n++;
  }

  private SpecException bad(int lineNo, String msg) {
    return new SpecException(field, "trace '" + name + "' line " + lineNo + ": " + msg);
  }

  Trace build() {
    if (n == 0) {
      throw new SpecException(field, "trace '" + name + "' has no requests");
    }
    Integer[] order = new Integer[n];
    for (int k = 0; k < n; k++) {
      order[k] = k;
    }
    // Stable sort by time keeps file order for equal timestamps.
    Arrays.sort(order, (x, y) -> Double.compare(t[x], t[y]));
    double t0 = t[order[0]];
    double[] ts = new double[n];
    int[] is = new int[n];
    int[] os = new int[n];
    for (int k = 0; k < n; k++) {
      // Rounded to the microsecond: Azure timestamps carry 100 ns ticks, doubles of epoch seconds do not.
      ts[k] = Math.round((t[order[k]] - t0) * 1e6) / 1e6;
      is[k] = in[order[k]];
      os[k] = out[order[k]];
    }
    return new Trace(name, ts, is, os);
  }
}
