import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Hostile-input check of a running ServePlan server on loopback (not a test): sends malformed and
 * adversarial requests over raw sockets (so that nothing is normalised on the way) and counts
 * answers with a 5xx status and answers that leak internals (a stack trace, a Java class name, a
 * server path, Payara/GlassFish/Hazelcast, an HTML error page, a version in Server, a reflected
 * script tag). Each request is one of ~90 templates filled with a varying payload.
 *
 * <pre>java web/load/Hostile.java PORT [requests=8400] [token]</pre>
 *
 * Exits 1 if any 5xx or any leak was seen. JDK only.
 */
public class Hostile {

  /** Internals that must never reach a client, in any answer. */
  static final Pattern LEAK = Pattern.compile(
      "Exception|\\tat |\\.java\\b|/tmp/|/work/|/home/|Payara|GlassFish|Grizzly|hazelcast|Hazelcast|"
          + "(?:[a-z][a-z0-9_]*\\.){2,}[A-Z][A-Za-z0-9]+|Server: [^\\r\\n]*[0-9]|X-Powered-By");
  /** In an error answer: an HTML page (the container's error page). */
  static final Pattern HTML = Pattern.compile("(?i)<html|<body|<h1");
  /** In an HTML answer: the payload's script tag reflected (XSS). */
  static final String XSS = "<script>alert(1)</script>";

  /** What leaks from {@code answer}, or null. */
  static String leak(String status, String answer) {
    java.util.regex.Matcher m = LEAK.matcher(answer);
    if (m.find()) {
      return m.group();
    }
    boolean html = answer.toLowerCase(Locale.ROOT).contains("content-type: text/html");
    if (!status.startsWith("2") && !status.startsWith("3") && HTML.matcher(answer).find()) {
      return "HTML error page";
    }
    return html && answer.contains(XSS) ? "reflected script" : null;
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int total = args.length > 1 ? Integer.parseInt(args[1]) : 8400;
    String token = args.length > 2 ? args[2] : "";
    List<String> templates = templates(port, token);
    Map<String, Integer> byStatus = new TreeMap<>();
    AtomicInteger fivexx = new AtomicInteger(), leaks = new AtomicInteger(), io = new AtomicInteger(),
        protocol505 = new AtomicInteger();
    List<String> examples = new ArrayList<>();
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < total; i++) {
      String req = templates.get(i % templates.size()).replace("@N@", Integer.toString(i))
          .replace("@X@", payload(i));
      req = fixLength(req);
      String answer;
      try {
        answer = exchange(port, req);
      } catch (IOException e) {
        io.incrementAndGet();
        byStatus.merge("closed", 1, Integer::sum);
        continue;
      }
      String status = answer.length() >= 12 ? answer.substring(9, 12) : "none";
      byStatus.merge(status, 1, Integer::sum);
      // 503 is the concurrent-write limit answering, 505 Grizzly's answer to an unknown HTTP version
      // (RFC 9110 15.6.6, before any application code): counted apart, reported, not failures.
      if (status.equals("505")) {
        protocol505.incrementAndGet();
      }
      boolean bad5xx = status.startsWith("5") && !status.equals("503") && !status.equals("505");
      String what = leak(status, answer);
      boolean leak = what != null;
      if (bad5xx) {
        fivexx.incrementAndGet();
      }
      if (leak) {
        leaks.incrementAndGet();
      }
      if ((bad5xx || leak) && examples.size() < 20 && seen.add(i % templates.size())) {
        examples.add("template " + (i % templates.size()) + " [" + what + "] " + req.substring(0, Math.min(80, req.length()))
            .replace("\r\n", " | ") + " → " + answer.substring(0, Math.min(400, answer.length()))
            .replace("\r\n", " | "));
      }
    }
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "requests=%d templates=%d seconds=%.1f statuses=%s 5xx=%d (besides 505 for HTTP/9.9: %d) "
        + "leaks=%d closed=%d%n", total, templates.size(), s, byStatus, fivexx.get(), protocol505.get(), leaks.get(), io.get());
    examples.forEach(e -> System.out.println("  " + e));
    System.exit(fivexx.get() == 0 && leaks.get() == 0 ? 0 : 1);
  }

  static String payload(int i) {
    String[] p = {"<script>alert(1)</script>", "../../../../etc/passwd", "%00", "' OR 1=1 --", "${jndi:ldap://x/a}",
        "\u0000", "A".repeat(5000), "1e308", "-1", "NaN", "{{7*7}}", "\\u0000", "é\u202e", "x".repeat(101),
        "null", "[]", "{}", "true", "9223372036854775808", "5e-324"};
    return p[i % p.length].replace("\"", "\\\"");
  }

  /** Replaces @LEN@ with the byte length of the body (after the blank line). */
  static String fixLength(String req) {
    int split = req.indexOf("\r\n\r\n");
    if (split < 0 || !req.contains("@LEN@")) {
      return req;
    }
    int len = req.substring(split + 4).getBytes(StandardCharsets.UTF_8).length;
    return req.replace("@LEN@", Integer.toString(len));
  }

  static String exchange(int port, String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      s.shutdownOutput();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      byte[] b = new byte[8192];
      int n;
      while ((n = in.read(b)) > 0 && buf.size() < 1 << 20) {
        buf.write(b, 0, n);
      }
      return buf.toString(StandardCharsets.UTF_8);
    }
  }

  static String post(String path, String type, String body, String token) {
    return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        + (type == null ? "" : "Content-Type: " + type + "\r\n")
        + (token.isEmpty() ? "" : "Authorization: Bearer " + token + "\r\n")
        + "Content-Length: @LEN@\r\n\r\n" + body;
  }

  static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
  }

  static List<String> templates(int port, String t) {
    List<String> l = new ArrayList<>();
    String sim = "/api/v1/simulations";
    String json = "application/json";
    String spec = "{\"model\":\"llama-3.1-8b\",\"hardware\":\"h100-sxm\",\"workload\":{\"num_requests\":5}}";
    // Malformed and wrongly typed bodies.
    for (String body : List.of("{", "}", "", "null", "[]", "\"x\"", "{\"model\":", "{\"model\":\"@X@\"}",
        "{\"model\":1,\"hardware\":[]}", "{\"model\":\"llama-3.1-8b\",\"hardware\":\"@X@\"}",
        "{\"model\":\"llama-3.1-8b\",\"hardware\":\"h100-sxm\",\"replicas\":\"@X@\"}",
        "{\"model\":\"llama-3.1-8b\",\"hardware\":\"h100-sxm\",\"replicas\":10000}",
        "{\"model\":\"llama-3.1-8b\",\"hardware\":\"h100-sxm\",\"tensor_parallel\":3}",
        "{\"model\":\"llama-3.1-8b\",\"hardware\":\"h100-sxm\",\"workload\":{\"num_requests\":1e308}}",
        "{\"model\":\"llama-3.1-8b\",\"hardware\":\"h100-sxm\",\"workload\":{\"rate\":5e-324}}",
        "{\"model\":\"llama-3.1-8b\",\"hardware\":\"h100-sxm\",\"workload\":{\"trace\":\"@X@\"}}",
        "{\"model\":\"llama-3.1-8b\",\"hardware\":\"h100-sxm\",\"calibration\":\"@X@\"}",
        "{\"model\":\"llama-3.1-8b\",\"hardware\":\"h100-sxm\",\"engine\":{\"preset\":\"@X@\",\"block_size\":0}}",
        "{\"model\":\"llama-3.1-8b\",\"hardware\":\"h100-sxm\",\"unknown\":\"@X@\"}",
        "[".repeat(5000) + "]".repeat(5000), "{\"a\":" .repeat(3000) + "1" + "}".repeat(3000),
        "\u0000\u0001\u0002", "{\"model\":\"\\ud800\"}")) {
      l.add(post(sim, json, body, t));
      l.add(post("/api/v1/recommendations", json, body.replace("\"model\"", "\"workload\""), t));
    }
    // Catalog entries: out of range, long ids, replacing a built-in without the flag.
    String gpu = "{\"id\":\"@ID@\",\"name\":\"n\",\"memory_gb\":@MEM@,\"memory_bandwidth_gbps\":1000,\"bf16_tflops\":100,"
        + "\"fp16_tflops\":100,\"fp8_tflops\":0,\"int8_tops\":0,\"fp32_tflops\":10,\"interconnect_gbps\":0,"
        + "\"tdp_watts\":300,\"native_dtypes\":[\"bf16\"],\"source\":\"s\",\"as_of\":\"2026-12-02\"}";
    for (String[] v : List.of(new String[] {"h100-sxm", "80"}, new String[] {"g".repeat(150), "80"},
        new String[] {"big-@N@", "2147483648"}, new String[] {"inf-@N@", "1e308"}, new String[] {"tiny-@N@", "5e-324"},
        new String[] {"@X@", "80"}, new String[] {"neg-@N@", "-1"})) {
      l.add(post("/api/v1/catalog/gpus", json, gpu.replace("@ID@", v[0]).replace("@MEM@", v[1]), t));
    }
    l.add(post("/api/v1/catalog/engines", json, "{\"id\":\"e-@N@\",\"name\":\"e\",\"compute_efficiency\":5e-324,"
        + "\"memory_efficiency\":1,\"attention_efficiency\":1,\"per_step_overhead_us\":1e308,\"per_layer_overhead_us\":0,"
        + "\"per_sequence_overhead_us\":0,\"max_num_seqs\":1,\"max_num_batched_tokens\":1,\"block_size\":16,"
        + "\"source\":\"s\",\"as_of\":\"x\"}", t));
    l.add(post("/api/v1/calibrations", json, "{\"id\":\"" + "c".repeat(200) + "\",\"backend\":\"" + "b".repeat(50) + "\"}", t));
    l.add(post("/api/v1/calibrations", json, "{\"id\":\"@X@\"}", t));
    // Media types a cross-site page can send, and none at all.
    for (String type : new String[] {null, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "application/xml", "application/json; charset=@X@", "*/*", "application/yaml"}) {
      l.add(post(sim, type, type != null && type.contains("yaml") ? "model: [\n  - &a [*a]" : spec, t));
    }
    // YAML aliases (billion laughs).
    StringBuilder laughs = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      laughs.append(c).append(": &").append(c).append(" [").append(("*" + (char) (c - 1) + ",").repeat(9)).append("*").append((char) (c - 1)).append("]\n");
    }
    l.add(post(sim, "application/yaml", laughs.toString(), t));
    // Paths, methods, headers.
    for (String p : List.of("/api/v1/simulations/@X@", "/api/v1/simulations/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/api/v1/simulations?page=-1&size=100000", "/api/v1/simulations?page=@X@", "/WEB-INF/web.xml",
        "/META-INF/MANIFEST.MF", "/..%2f..%2fetc/passwd", "/ui/../../etc/passwd", "/index.jsp", "/asadmin",
        "/api/v1/reports/simulations/@X@/index.html", "/api/v1/reports/simulations/x/../../x.png", "/%", "/%zz",
        "/api/v1/catalog/%00", "/openapi?format=@X@", "/api/v1/calibrations/@X@", "/health/@X@", "/;jsessionid=x")) {
      l.add(get(p.replace("@X@", "@X@")));
    }
    for (String m : List.of("PUT", "PATCH", "TRACE", "OPTIONS", "PROPFIND", "CONNECT", "DELETE", "FOO")) {
      l.add(m + " /api/v1/simulations HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\n"
          + "Content-Length: @LEN@\r\n\r\n" + spec);
    }
    l.add("DELETE /api/v1/catalog/gpus/@X@ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    l.add("GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
    l.add("GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-Host: evil.example\r\nConnection: close\r\n\r\n");
    l.add("GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nX-Long: " + "a".repeat(20_000) + "\r\nConnection: close\r\n\r\n");
    l.add("GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nX-Inject: a\r\n b\r\nConnection: close\r\n\r\n");
    l.add("POST " + sim + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 99999999\r\n"
        + "Connection: close\r\n\r\n{}");
    l.add("POST " + sim + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: -5\r\n"
        + "Connection: close\r\n\r\n{}");
    l.add("POST " + sim + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
        + "Connection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
    l.add("POST " + sim + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
        + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n");
    l.add("GARBAGE\r\n\r\n");
    l.add("GET /api/v1/health HTTP/9.9\r\nHost: localhost\r\n\r\n");
    l.add("GET " + "/a".repeat(6000) + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    l.add("\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003");
    l.add("GET /api/v1/health HTTP/1.1\r\nConnection: close\r\n\r\n");
    l.add("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    return l;
  }
}
