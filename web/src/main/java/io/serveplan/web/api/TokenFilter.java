package io.serveplan.web.api;

import io.serveplan.web.server.AppServices;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;

/**
 * When {@code SERVEPLAN_API_TOKEN} is set, every request that can change state (anything but GET,
 * HEAD, OPTIONS) must carry {@code Authorization: Bearer <token>}; otherwise 401.
 */
@Provider
@PreMatching
public final class TokenFilter implements ContainerRequestFilter {

  /** The methods that never need the token; OpenApiDocumentTest checks the document against them. */
  static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

  @Context ServletContext servletContext;

  @Override
  public void filter(ContainerRequestContext request) {
    Optional<String> token = AppServices.from(servletContext).config().apiToken();
    if (token.isEmpty() || SAFE.contains(request.getMethod())) {
      return;
    }
    String header = request.getHeaderString("Authorization");
    String given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : "";
    boolean ok = MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
        token.get().getBytes(StandardCharsets.UTF_8));
    if (!ok) {
      request.abortWith(ProblemResponses.builder(Problem.of(401, "unauthorized", "Unauthorized",
              "this server requires 'Authorization: Bearer <token>' for requests that change state"))
          .header("WWW-Authenticate", "Bearer realm=\"serveplan\"").build());
    }
  }
}
