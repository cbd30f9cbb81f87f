import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load check of a running ServePlan server (not a test): N concurrent clients submit small what-if
 * runs for a while, honouring 429 Retry-After, and GET runs of theirs that have finished. Then it
 * waits for the queue to drain and checks that every accepted run is stored and done.
 *
 * <pre>java web/load/LoadCheck.java http://localhost:8080/ [clients=50] [seconds=60]</pre>
 *
 * Prints submission and finished-run GET latencies (p50/p95/p99/max), status counts, the largest
 * queue depth seen in /api/v1/metrics, and exits 1 if any 5xx was seen or any accepted run is
 * missing or not done. JDK only.
 */
public class LoadCheck {

  static final String SPEC = "{\"model\":\"llama-3.1-8b\",\"hardware\":\"h100-sxm\","
      + "\"workload\":{\"arrival\":\"poisson\",\"rate\":10,\"num_requests\":50,"
      + "\"input_tokens\":{\"distribution\":\"fixed\",\"value\":256},"
      + "\"output_tokens\":{\"distribution\":\"fixed\",\"value\":64}}}";
  static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
  static final Pattern STATUS = Pattern.compile("\"status\":\"([a-z]+)\"");
  static final Pattern QUEUE = Pattern.compile("(?m)^serveplan_run_queue_depth (\\d+)");
  static final Pattern RUNNING = Pattern.compile("(?m)^serveplan_runs_running (\\d+)");
  static final Pattern CAPACITY = Pattern.compile("(?m)^serveplan_run_queue_capacity (\\d+)");

  public static void main(String[] args) throws Exception {
    URI base = URI.create(args.length > 0 ? args[0] : "http://localhost:8080/");
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ConcurrentLinkedQueue<Long> submitNs = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Long> finishedGetNs = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> accepted = new ConcurrentLinkedQueue<>();
    AtomicInteger s202 = new AtomicInteger(), s429 = new AtomicInteger(), s4xx = new AtomicInteger(),
        s5xx = new AtomicInteger(), ioErrors = new AtomicInteger();
    AtomicLong maxQueue = new AtomicLong();
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();

    Thread sampler = new Thread(() -> {
      while (System.nanoTime() < end) {
        try {
          String m = get(http, base.resolve("api/v1/metrics")).body();
          Matcher q = QUEUE.matcher(m);
          if (q.find()) {
            maxQueue.accumulateAndGet(Long.parseLong(q.group(1)), Math::max);
          }
          Thread.sleep(250);
        } catch (Exception e) {
          ioErrors.incrementAndGet();
        }
      }
    });
    sampler.start();

    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      Thread t = new Thread(() -> {
        List<String> mine = new ArrayList<>();
        while (System.nanoTime() < end) {
          try {
            long t0 = System.nanoTime();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("api/v1/simulations"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(SPEC)).build(), HttpResponse.BodyHandlers.ofString());
            long dt = System.nanoTime() - t0;
            int s = r.statusCode();
            if (s == 202) {
              submitNs.add(dt);
              s202.incrementAndGet();
              Matcher m = ID.matcher(r.body());
              if (m.find()) {
                accepted.add(m.group(1));
                mine.add(m.group(1));
              }
            } else if (s == 429) {
              submitNs.add(dt);
              s429.incrementAndGet();
              long wait = r.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L);
              Thread.sleep(wait * 1000 + ThreadLocalRandom.current().nextLong(250));
            } else if (s >= 500) {
              s5xx.incrementAndGet();
            } else {
              s4xx.incrementAndGet();
            }
            // GET one of this client's earlier runs; time it when it is finished.
            if (mine.size() > 1) {
              String id = mine.get(ThreadLocalRandom.current().nextInt(mine.size() - 1));
              long g0 = System.nanoTime();
              HttpResponse<String> g = get(http, base.resolve("api/v1/simulations/" + id));
              long gdt = System.nanoTime() - g0;
              if (g.statusCode() >= 500) {
                s5xx.incrementAndGet();
              }
              Matcher st = STATUS.matcher(g.body());
              if (g.statusCode() == 200 && st.find() && st.group(1).equals("done")) {
                finishedGetNs.add(gdt);
              }
            }
          } catch (Exception e) {
            ioErrors.incrementAndGet();
          }
        }
      });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    sampler.join();

    // Drain: wait until nothing is queued or running.
    long drainStart = System.nanoTime();
    String metrics = "";
    while (System.nanoTime() - drainStart < Duration.ofMinutes(10).toNanos()) {
      metrics = get(http, base.resolve("api/v1/metrics")).body();
      Matcher q = QUEUE.matcher(metrics);
      Matcher r = RUNNING.matcher(metrics);
      if (q.find() && r.find() && q.group(1).equals("0") && r.group(1).equals("0")) {
        break;
      }
      Thread.sleep(500);
    }
    int missing = 0, notDone = 0;
    for (String id : accepted) {
      HttpResponse<String> g = get(http, base.resolve("api/v1/simulations/" + id));
      Matcher st = STATUS.matcher(g.body());
      if (g.statusCode() == 404) {
        missing++;
      } else if (!(st.find() && st.group(1).equals("done"))) {
        notDone++;
      }
    }
    Matcher cap = CAPACITY.matcher(metrics);
    String capacity = cap.find() ? cap.group(1) : "?";

    System.out.printf(Locale.ROOT, "clients %d, %d s against %s%n", clients, seconds, base);
    System.out.printf(Locale.ROOT, "submissions: %d accepted (202), %d refused (429), %d other 4xx, %d 5xx, %d I/O errors%n",
        s202.get(), s429.get(), s4xx.get(), s5xx.get(), ioErrors.get());
    System.out.printf(Locale.ROOT, "accepted runs: %d, missing %d, not done %d%n", accepted.size(), missing, notDone);
    System.out.printf(Locale.ROOT, "largest queue depth seen: %d (capacity %s)%n", maxQueue.get(), capacity);
    System.out.println("submit latency (202 and 429): " + summary(submitNs));
    System.out.println("finished-run GET latency:     " + summary(finishedGetNs));
    boolean ok = s5xx.get() == 0 && missing == 0 && notDone == 0;
    System.out.println(ok ? "OK: no 5xx, no lost run" : "FAILED");
    System.exit(ok ? 0 : 1);
  }

  static HttpResponse<String> get(HttpClient http, URI uri) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String summary(ConcurrentLinkedQueue<Long> ns) {
    List<Long> v = new ArrayList<>(ns);
    if (v.isEmpty()) {
      return "no samples";
    }
    Collections.sort(v);
    return String.format(Locale.ROOT, "n=%d p50=%.1f ms p95=%.1f ms p99=%.1f ms max=%.1f ms", v.size(),
        pct(v, 0.50), pct(v, 0.95), pct(v, 0.99), v.get(v.size() - 1) / 1e6);
  }

  static double pct(List<Long> sorted, double p) {
    int i = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1e6;
  }
}
