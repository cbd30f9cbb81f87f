package io.serveplan.web.server;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The container's error page (WEB-INF/web.xml): every error the servlet container answers itself
 * (unknown path outside the API, WEB-INF, a failure in a filter) becomes a problem document instead
 * of Payara's HTML page. A 500 is logged with an incident id and the whole exception.
 */
@WebServlet(urlPatterns = ErrorPageServlet.PATH)
public final class ErrorPageServlet extends HttpServlet {

  static final String PATH = "/.serveplan-error";
  private static final Logger LOG = Logger.getLogger(ErrorPageServlet.class.getName());

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer i ? i : 404;
    Throwable error = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    if (status >= 500 || error != null) {
      String incident = UUID.randomUUID().toString();
      LOG.log(Level.SEVERE, "incident " + incident + " on " + request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), error);
      ServletProblems.write(response, 500, "internal-error", "Internal error",
          "the server failed to answer; incident " + incident);
      return;
    }
    String title = switch (status) {
      case 400 -> "Bad Request";
      case 403, 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 413 -> "Content Too Large";
      default -> "HTTP " + status;
    };
    ServletProblems.write(response, status == 403 ? 404 : status, "http-" + (status == 403 ? 404 : status), title,
        status == 404 || status == 403 ? "no such resource" : title.toLowerCase(java.util.Locale.ROOT));
  }
}
