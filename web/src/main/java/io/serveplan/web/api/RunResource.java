package io.serveplan.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.serveplan.web.db.Run;
import io.serveplan.web.db.RunKind;
import io.serveplan.web.db.RunPage;
import io.serveplan.web.server.AppServices;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;

/**
 * The lifecycle shared by simulations, recommendations and sweeps: submit (202 with the run's URL), read
 * one, list (paged, newest first), cancel or remove. Subclasses name the path and the run kind and
 * declare the endpoints (each documented in openapi.yaml under its own operationId).
 */
public abstract class RunResource {

  static final int MAX_PAGE_SIZE = 100;

  @Context ServletContext servletContext;
  @Context UriInfo uri;

  abstract RunKind kind();

  Response submit(InputStream body, MediaType type) {
    AppServices s = services();
    JsonNode document = JsonBodies.read(body, type, s.config().maxBodyBytes(), s.json());
    return accepted(s.runs().submit(kind(), document));
  }

  /** 202 with the stored run and its URL. */
  Response accepted(Run run) {
    AppServices s = services();
    // From the configured base URL, never from the request's Host (which a client chooses).
    URI location = s.config().baseUrl().resolve("api/v1/" + kind().id() + "s/" + run.id());
    return Json.status(202, RunView.of(run, href(run.id()), false, s.json())).location(location).build();
  }

  Response get(String id) {
    AppServices s = services();
    Run run = s.runs().find(kind(), id).orElseThrow(() -> ApiException.notFound(kind().id() + " " + id));
    return Json.ok(RunView.of(run, href(run.id()), true, s.json()));
  }

  Response list(String page, String size) {
    AppServices s = services();
    int p = intParam("page", page, 0, 0, Integer.MAX_VALUE / MAX_PAGE_SIZE);
    int n = intParam("size", size, 20, 1, MAX_PAGE_SIZE);
    RunPage runs = s.runs().list(kind(), p, n);
    return Json.ok(new RunPageView(
        runs.runs().stream().map(r -> RunView.of(r, href(r.id()), false, s.json())).toList(),
        runs.page(), runs.size(), runs.total()));
  }

  Response cancelOrRemove(String id) {
    AppServices s = services();
    Optional<Run> cancelled;
    try {
      cancelled = s.runs().cancelOrRemove(kind(), id);
    } catch (java.util.NoSuchElementException e) {
      throw ApiException.notFound(kind().id() + " " + id);
    }
    return cancelled.map(r -> Json.ok(RunView.of(r, href(r.id()), false, s.json())))
        .orElseGet(() -> Response.noContent().build());
  }

  private String href(String id) {
    return uri.getBaseUriBuilder().path(getClass()).path(id).build().getPath();
  }

  AppServices services() {
    return AppServices.from(servletContext);
  }

  static int intParam(String name, String value, int dflt, int min, int max) {
    if (value == null || value.isBlank()) {
      return dflt;
    }
    try {
      int v = Integer.parseInt(value.trim());
      if (v < min || v > max) {
        throw ApiException.badRequest(name, "must be between " + min + " and " + max + ", got " + v);
      }
      return v;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name, "must be an integer, got '" + value + "'");
    }
  }
}
