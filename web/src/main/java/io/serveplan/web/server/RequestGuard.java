package io.serveplan.web.server;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * What every request passes before the application sees it:
 *
 * <ul>
 *   <li>a body (POST, PUT, PATCH) must be {@code application/json} or {@code application/yaml}
 *       (415 otherwise): a cross-site form or a no-CORS {@code fetch} can only send
 *       {@code text/plain}, form or multipart bodies, so it cannot forge a write;
 *   <li>a server bound to loopback only answers requests addressed to a loopback name (421
 *       otherwise), so a DNS-rebinding page cannot reach it under its own name;
 *   <li>at most {@code maxConcurrentWrites} requests with a body are read and handled at once;
 *       the next one is answered 503 without reading its body, so slow senders hold at most that
 *       many threads and reads and the health check keep theirs.
 * </ul>
 */
final class RequestGuard {

  static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");
  static final Set<String> WRITE_TYPES = Set.of("application/json", "application/yaml", "application/x-yaml",
      "text/yaml", "application/problem+json");

  private final Semaphore writes;
  private final boolean loopbackOnly;

  RequestGuard(NetworkConfig network) {
    this.writes = new Semaphore(network.maxConcurrentRequests());
    this.loopbackOnly = network.loopback() && network.publicUrl().isEmpty();
  }

  /** Runs {@code next} when the request passes; otherwise answers it and returns. */
  void admit(HttpServletRequest request, HttpServletResponse response, Next next) throws Exception {
    if (loopbackOnly && !loopbackHost(request.getServerName())) {
      ServletProblems.write(response, 421, "misdirected-request", "Misdirected Request",
          "this server listens on loopback only and answers requests for localhost or 127.0.0.1");
      return;
    }
    if (!WITH_BODY.contains(request.getMethod())) {
      next.run();
      return;
    }
    String type = request.getContentType() == null ? "" : request.getContentType().split(";")[0].trim().toLowerCase(Locale.ROOT);
    if (!WRITE_TYPES.contains(type)) {
      ServletProblems.write(response, 415, "http-415", "Unsupported Media Type",
          "send the body as application/json (or application/yaml) with that Content-Type");
      return;
    }
    if (!writes.tryAcquire()) {
      response.setHeader("Retry-After", "1");
      response.setHeader("Connection", "close");
      ServletProblems.write(response, 503, "busy", "Service Unavailable",
          "this server is reading as many requests as it allows at once; retry shortly");
      return;
    }
    try {
      next.run();
    } finally {
      writes.release();
    }
  }

  static boolean loopbackHost(String name) {
    if (name == null) {
      return false;
    }
    String n = name.toLowerCase(Locale.ROOT);
    return n.equals("localhost") || n.startsWith("127.") || n.equals("[::1]") || n.equals("::1");
  }

  /** The rest of the filter chain. */
  interface Next {
    void run() throws Exception;
  }

}
