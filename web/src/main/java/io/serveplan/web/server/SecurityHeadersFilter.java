package io.serveplan.web.server;

import io.serveplan.reports.HtmlReport;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Security headers on every response of the application: a Content-Security-Policy that allows only
 * this origin (and inline images as data: URLs, which charts use, and the HTML report's one inline
 * style sheet by its hash), no MIME sniffing, no framing,
 * no referrer to other sites. Then the {@link RequestGuard}'s checks (media type of writes,
 * loopback Host, concurrent writes).
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public final class SecurityHeadersFilter extends HttpFilter {

  static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' " + styleHash(HtmlReport.STYLE)
      + "; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
      + "frame-ancestors 'none'";

  /**
   * The CSP source that allows one inline style sheet and no other: the served HTML report's
   * (which must also open from disk, so its style is inline).
   */
  static String styleHash(String css) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(css.getBytes(StandardCharsets.UTF_8));
      return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

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
