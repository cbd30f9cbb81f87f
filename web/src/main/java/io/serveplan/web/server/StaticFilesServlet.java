package io.serveplan.web.server;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The UI's static files, from the classpath directory {@code ui/}: {@code /} is
 * {@code ui/index.html}, {@code /ui/x} and {@code /x} are {@code ui/x}, and a run's permalink
 * {@code /runs/{id}} is {@code ui/run.html} (which reads the id from its address). Anything else
 * under the root that is not a file answers 404. Paths with {@code ..} or backslashes are refused.
 */
@WebServlet(urlPatterns = "/", loadOnStartup = 1)
public final class StaticFilesServlet extends HttpServlet {

  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("html", "text/html; charset=utf-8"),
      Map.entry("js", "text/javascript; charset=utf-8"),
      Map.entry("mjs", "text/javascript; charset=utf-8"),
      Map.entry("css", "text/css; charset=utf-8"),
      Map.entry("json", "application/json"),
      Map.entry("svg", "image/svg+xml"),
      Map.entry("png", "image/png"),
      Map.entry("ico", "image/x-icon"),
      Map.entry("txt", "text/plain; charset=utf-8"),
      Map.entry("woff2", "font/woff2"));

  /** {@code /runs/{id}}: ids are the run store's, letters, digits and dashes. */
  private static final Pattern RUN_PERMALINK = Pattern.compile("/runs/[A-Za-z0-9_-]{1,100}/?");

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (path.isEmpty() || path.equals("/")) {
      path = "/index.html";
    } else if (path.startsWith("/ui/")) {
      path = path.substring(3);
    } else if (RUN_PERMALINK.matcher(path).matches()) {
      path = "/run.html";
    }
    if (path.contains("..") || path.contains("\\") || path.contains("//")) {
      notFound(response);
      return;
    }
    if (path.endsWith("/")) {
      path = path + "index.html";
    }
    String resource = "ui" + path;
    try (InputStream in = StaticFilesServlet.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        notFound(response);
        return;
      }
      String ext = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
      response.setContentType(TYPES.getOrDefault(ext, "application/octet-stream"));
      in.transferTo(response.getOutputStream());
    }
  }

  private static void notFound(HttpServletResponse response) throws IOException {
    response.setStatus(HttpServletResponse.SC_NOT_FOUND);
    response.setContentType("text/plain; charset=utf-8");
    response.getWriter().write("not found\n");
  }

  @Override
  protected void doHead(HttpServletRequest request, HttpServletResponse response) throws IOException {
    doGet(request, response);
  }
}
