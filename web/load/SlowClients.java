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
 * that each send a POST's headers and 4 of its 1,000 body bytes and then stall, and meanwhile times
 * GET /api/v1/health on a fresh connection every 250 ms. Reports the health latencies (median,
 * max), how many of the slow connections were answered 503 at once (over the write limit) and how
 * many the server dropped after its read timeout.
 *
 * <pre>java web/load/SlowClients.java PORT [connections=300] [seconds=30]</pre>
 *
 * Exits 1 if any health check took 1 s or more or failed. JDK only.
 */
public class SlowClients {

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    List<Socket> slow = new ArrayList<>();
    int refusedConnect = 0;
    for (int i = 0; i < n; i++) {
      try {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(1);
        s.getOutputStream().write(("POST /api/v1/simulations HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "Content-Length: 1000\r\n\r\n{\"mo").getBytes(StandardCharsets.ISO_8859_1));
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
    int refused = 0, dropped = 0, open = 0;
    for (Socket s : slow) {
      String state = state(s);
      switch (state) {
        case "503" -> refused++;
        case "open" -> open++;
        default -> dropped++;
      }
      s.close();
    }
    double[] h = healthMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double median = h.length == 0 ? Double.NaN : h[h.length / 2];
    double max = h.length == 0 ? Double.NaN : h[h.length - 1];
    System.out.printf(Locale.ROOT, "slow=%d connect_refused=%d answered_503=%d dropped_by_server=%d still_open=%d "
            + "health_checks=%d failed=%d median_ms=%.1f p95_ms=%.1f max_ms=%.1f (at %.1f s) over_1s=%d%n", slow.size(), refusedConnect,
        refused, dropped, open, h.length, healthFailed, median, h.length == 0 ? Double.NaN : h[(int) (h.length * 0.95)], max,
        maxAtS, healthMs.stream().filter(x -> x >= 1000).count());
    System.exit(healthFailed == 0 && max < 1000 ? 0 : 1);
  }

  /** "503" when answered so, "open" when the server still waits for the body, else "dropped". */
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
      return head.startsWith("HTTP/1.1 503") ? "503" : "dropped";
    } catch (java.net.SocketTimeoutException e) {
      return "open";
    } catch (IOException e) {
      return "dropped";
    }
  }
}
