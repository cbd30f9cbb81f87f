package io.serveplan.web.api;

import io.serveplan.web.server.AppServices;
import io.serveplan.web.server.ServerConfig;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;

/**
 * The API token, when the server has one ({@code SERVEPLAN_API_TOKEN}, or the one {@code serve}
 * generates when it binds an address other machines can reach):
 *
 * <ul>
 *   <li>every request that can change state (anything but GET, HEAD, OPTIONS) must carry
 *       {@code Authorization: Bearer <token>};
 *   <li>on a server bound off loopback, reads need it too, as Jupyter's do, except
 *       {@link #OPEN_READS}: the health check (load balancers and probes carry no credentials)
 *       and the OpenAPI document (the contract, no data). On loopback, reads stay open to the
 *       processes of this machine;
 *   <li>a read may carry the token as the cookie {@link #COOKIE} instead of the header: the UI sets
 *       it (SameSite=Strict) so that its chart images and report links, which cannot send a
 *       header, are authorized too. A write never accepts the cookie, so a cross-site form that
 *       the browser sends with it still gets 401.
 * </ul>
 *
 * Otherwise 401 with a problem document and {@code WWW-Authenticate: Bearer}.
 */
@Provider
@PreMatching
public final class TokenFilter implements ContainerRequestFilter {

  /** The methods that never change state; OpenApiDocumentTest checks the document against them. */
  static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

  /** Paths under {@code /api/v1} whose reads stay open off loopback; OpenApiDocumentTest checks them too. */
  static final Set<String> OPEN_READS = Set.of("health", "openapi.yaml");

  /** The cookie that may carry the token on reads (set by the UI's app.js). */
  static final String COOKIE = "serveplan_token";

  @Context ServletContext servletContext;

  @Override
  public void filter(ContainerRequestContext request) {
    ServerConfig config = AppServices.from(servletContext).config();
    Optional<String> token = config.apiToken();
    boolean read = SAFE.contains(request.getMethod());
    if (token.isEmpty() || read && (config.network().loopback() || OPEN_READS.contains(path(request)))) {
      return;
    }
    String given = bearer(request);
    if (given.isEmpty() && read) {
      Cookie cookie = request.getCookies().get(COOKIE);
      given = cookie == null ? "" : cookie.getValue();
    }
    if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.get().getBytes(StandardCharsets.UTF_8))) {
      String detail = read
          ? "this server is reachable from other machines and requires 'Authorization: Bearer <token>' on every request "
              + "but /api/v1/health and /api/v1/openapi.yaml; in a browser, open the URL that serve printed (ending in #token=...)"
          : "this server requires 'Authorization: Bearer <token>' for requests that change state";
      request.abortWith(ProblemResponses.builder(Problem.of(401, "unauthorized", "Unauthorized", detail))
          .header("WWW-Authenticate", "Bearer realm=\"serveplan\"").build());
    }
  }

  private static String bearer(ContainerRequestContext request) {
    String header = request.getHeaderString("Authorization");
    return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : "";
  }

  /** The path under {@code /api/v1}, without slashes at either end; only an exact match is open. */
  private static String path(ContainerRequestContext request) {
    String p = request.getUriInfo().getPath(false);
    int from = 0;
    int to = p.length();
    while (from < to && p.charAt(from) == '/') {
      from++;
    }
    while (to > from && p.charAt(to - 1) == '/') {
      to--;
    }
    return p.substring(from, to);
  }
}
