import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Crash check of a ServePlan server (not a test), driven by crash.sh around kill -9:
 *
 * <pre>
 * java web/load/CrashCheck.java submit PORT STATE   # 10 small runs to done (their answers hashed), then 10 larger ones acknowledged
 * java web/load/CrashCheck.java verify PORT STATE   # after kill -9 and a restart
 * </pre>
 *
 * STATE collects lines {@code done <id> <sha256>} and {@code inflight <id>}. {@code verify} checks
 * every line of every round so far: a finished run must answer exactly as before; an
 * acknowledged run must exist, as done, failed, cancelled or interrupted, never missing or still
 * queued/running. Prints the counts and exits 1 if anything was lost. JDK only.
 */
public class CrashCheck {

  static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
  static final Pattern STATUS = Pattern.compile("\"status\":\"([a-z]+)\"");
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  public static void main(String[] args) throws Exception {
    URI base = URI.create("http://localhost:" + args[1] + "/api/v1/simulations");
    Path state = Path.of(args[2]);
    if (args[0].equals("submit")) {
      submit(base, state);
    } else {
      System.exit(verify(base, state) ? 0 : 1);
    }
  }

  static String spec(int requests, int seed) {
    return "{\"model\":\"llama-3.1-8b\",\"hardware\":\"h100-sxm\",\"seed\":" + seed + ",\"workload\":{\"arrival\":\"poisson\","
        + "\"rate\":20,\"num_requests\":" + requests + "}}";
  }

  static void submit(URI base, Path state) throws Exception {
    for (int i = 0; i < 10; i++) {
      String id = post(base, spec(30, i));
      String body;
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      do {
        Thread.sleep(200);
        body = get(base.resolve("simulations/" + id)).body();
      } while (!status(body).equals("done") && System.nanoTime() < deadline);
      append(state, "done " + id + " " + sha(body));
    }
    for (int i = 0; i < 10; i++) {
      append(state, "inflight " + post(base, spec(20_000, 100 + i)));
    }
    System.out.println("submitted 10 finished and 10 in-flight runs");
  }

  static boolean verify(URI base, Path state) throws Exception {
    int done = 0, intact = 0, inflight = 0, interrupted = 0, finishedAnyway = 0, lost = 0;
    for (String line : Files.readAllLines(state)) {
      String[] f = line.split(" ");
      HttpResponse<String> r = get(base.resolve("simulations/" + f[1]));
      if (f[0].equals("done")) {
        done++;
        if (r.statusCode() == 200 && sha(r.body()).equals(f[2])) {
          intact++;
        } else {
          lost++;
          System.out.println("changed or missing finished run " + f[1] + ": " + r.statusCode());
        }
      } else {
        inflight++;
        String s = r.statusCode() == 200 ? status(r.body()) : "missing";
        switch (s) {
          case "interrupted" -> interrupted++;
          case "done", "failed", "cancelled" -> finishedAnyway++;
          default -> {
            lost++;
            System.out.println("acknowledged run " + f[1] + " is " + s);
          }
        }
      }
    }
    System.out.printf(Locale.ROOT, "finished=%d intact=%d inflight=%d interrupted=%d finished_before_kill=%d lost=%d%n",
        done, intact, inflight, interrupted, finishedAnyway, lost);
    return lost == 0;
  }

  static String post(URI base, String body) throws Exception {
    for (;;) {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base).timeout(Duration.ofSeconds(60))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 202) {
        Matcher m = ID.matcher(r.body());
        m.find();
        return m.group(1);
      }
      if (r.statusCode() != 429 && r.statusCode() != 503) {
        throw new IllegalStateException("submission answered " + r.statusCode() + ": " + r.body());
      }
      Thread.sleep(1000);
    }
  }

  static HttpResponse<String> get(URI u) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(u).timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  static String status(String body) {
    Matcher m = STATUS.matcher(body);
    return m.find() ? m.group(1) : "?";
  }

  static String sha(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  static void append(Path state, String line) throws Exception {
    Files.writeString(state, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
