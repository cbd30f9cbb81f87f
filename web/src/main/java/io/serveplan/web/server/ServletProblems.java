package io.serveplan.web.server;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Problem answers ({@code application/problem+json}) written below JAX-RS: by the request guard
 * and by the container's error pages. Only fixed texts go in, so no escaping beyond quotes.
 */
final class ServletProblems {

  private ServletProblems() {}

  static void write(HttpServletResponse response, int status, String slug, String title, String detail) throws IOException {
    if (response.isCommitted()) {
      return;
    }
    response.resetBuffer();
    response.setStatus(status);
    response.setContentType("application/problem+json");
    byte[] body = ("{\"type\":\"urn:serveplan:problem:" + slug + "\",\"title\":\"" + quote(title) + "\",\"status\":"
        + status + ",\"detail\":\"" + quote(detail) + "\"}").getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  private static String quote(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
