package io.serveplan.web.server;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Security headers on every response of the application: a Content-Security-Policy that allows only
 * this origin (and inline images as data: URLs, which charts use), no MIME sniffing, no framing,
 * no referrer to other sites. Then the {@link RequestGuard}'s checks (media type of writes,
 * loopback Host, concurrent writes).
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public final class SecurityHeadersFilter extends HttpFilter {

  static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
      + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

  @Override
  protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    response.setHeader("Content-Security-Policy", CSP);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader("Cache-Control", "no-store");
    try {
      guard().admit(request, response, () -> chain.doFilter(request, response));
    } catch (IOException | ServletException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new ServletException(e);
    }
  }

  private volatile RequestGuard guard;

  private RequestGuard guard() {
    RequestGuard g = guard;
    if (g == null) {
      g = new RequestGuard(AppServices.from(getServletContext()).config().network());
      guard = g;
    }
    return g;
  }
}
