import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Slow-client check of a running ServePlan server on loopback (not a test): opens N connections
 * that stall, and meanwhile times GET /api/v1/health on a fresh connection every 250 ms. Two modes:
 *
 * <ul>
 *   <li>{@code body}: each sends a POST's headers and 4 of its 1,000 body bytes;
 *   <li>{@code headers}: each stalls in its head: half send a partial request line
 *       ({@code GET /api/v1/heal}), half a whole request line and a partial header block (the
 *       empty line that ends it never comes).
 * </ul>
 *
 * Reports the health latencies (median, p95, max), and how the slow connections ended: answered
 * (503 at once for writes over the limit, or another status), dropped by the server (its read
 * timeout) or still open.
 *
 * <pre>java web/load/SlowClients.java PORT [connections=300] [seconds=30] [body|headers]</pre>
 *
 * Exits 1 if any health check took 1 s or more or failed. JDK only.
 */
public class SlowClients {

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    String mode = args.length > 3 ? args[3] : "body";
    if (!mode.equals("body") && !mode.equals("headers")) {
      throw new IllegalArgumentException("mode: '" + mode + "' unknown; allowed body, headers");
    }
    List<Socket> slow = new ArrayList<>();
    int refusedConnect = 0;
    for (int i = 0; i < n; i++) {
      try {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(1);
        s.getOutputStream().write(stalled(mode, i).getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        slow.add(s);
      } catch (IOException e) {
        refusedConnect++;
      }
    }
    List<Double> healthMs = new ArrayList<>();
    int healthFailed = 0;
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    double maxAtS = 0;
    double maxSeen = -1;
    while (System.nanoTime() < end) {
      long t0 = System.nanoTime();
      try (Socket h = new Socket("127.0.0.1", port)) {
        h.setSoTimeout(10_000);
        h.getOutputStream().write("GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1));
        String answer = new String(h.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        if (!answer.startsWith("HTTP/1.1 200")) {
          healthFailed++;
        }
      } catch (IOException e) {
        healthFailed++;
      }
      double ms = (System.nanoTime() - t0) / 1e6;
      if (ms > maxSeen) {
        maxSeen = ms;
        maxAtS = (t0 - start) / 1e9;
      }
      healthMs.add(ms);
      Thread.sleep(250);
    }
    int refused = 0, answered = 0, dropped = 0, open = 0;
    java.util.Map<String, Integer> statuses = new java.util.TreeMap<>();
    for (Socket s : slow) {
      String state = state(s);
      switch (state) {
        case "open" -> open++;
        case "dropped" -> dropped++;
        default -> {
          if (state.equals("503")) {
            refused++;
          }
          answered++;
          statuses.merge(state, 1, Integer::sum);
        }
      }
      s.close();
    }
    double[] h = healthMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double median = h.length == 0 ? Double.NaN : h[h.length / 2];
    double max = h.length == 0 ? Double.NaN : h[h.length - 1];
    System.out.printf(Locale.ROOT, "mode=%s slow=%d connect_refused=%d answered=%d %s answered_503=%d dropped_by_server=%d "
            + "still_open=%d health_checks=%d failed=%d median_ms=%.1f p95_ms=%.1f max_ms=%.1f (at %.1f s) over_1s=%d%n", mode,
        slow.size(), refusedConnect, answered, statuses, refused, dropped, open, h.length, healthFailed, median,
        h.length == 0 ? Double.NaN : h[(int) (h.length * 0.95)], max, maxAtS, healthMs.stream().filter(x -> x >= 1000).count());
    System.exit(healthFailed == 0 && max < 1000 ? 0 : 1);
  }

  /** What slow connection {@code i} sends before it stalls. */
  static String stalled(String mode, int i) {
    if (mode.equals("body")) {
      return "POST /api/v1/simulations HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Content-Length: 1000\r\n\r\n{\"mo";
    }
    return i % 2 == 0 ? "GET /api/v1/heal" : "GET /api/v1/simulations HTTP/1.1\r\nHost: localhost\r\nAccept: appl";
  }

  /** The status code when the server answered, "open" when it still waits for the rest, else "dropped". */
  static String state(Socket s) {
    try {
      InputStream in = s.getInputStream();
      byte[] b = new byte[12];
      int got = 0;
      while (got < 12) {
        int r = in.read(b, got, 12 - got);
        if (r < 0) {
          break;
        }
        got += r;
      }
      String head = new String(b, 0, got, StandardCharsets.ISO_8859_1);
      return head.matches("HTTP/1\\.1 \\d{3}") ? head.substring(9, 12) : "dropped";
    } catch (java.net.SocketTimeoutException e) {
      return "open";
    } catch (IOException e) {
      return "dropped";
    }
  }
}
