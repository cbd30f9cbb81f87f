package io.serveplan.web.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** JAX-RS's own refusals (unknown path, wrong method, unsupported media type...) as problems. */
@Provider
public final class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
  @Override
  public Response toResponse(WebApplicationException e) {
    int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
    Response.StatusType type = Response.Status.fromStatusCode(status);
    String title = type == null ? "HTTP " + status : type.getReasonPhrase();
    String detail = switch (status) {
      case 404 -> "no such resource";
      case 405 -> "this resource does not support that method";
      case 406 -> "this resource answers application/json only";
      case 415 -> "send the body as application/json (or application/yaml)";
      default -> title;
    };
    Response.ResponseBuilder r = ProblemResponses.builder(Problem.of(status, "http-" + status, title, detail));
    if (e.getResponse() != null && e.getResponse().getHeaderString("Allow") != null) {
      r.header("Allow", e.getResponse().getHeaderString("Allow"));
    }
    return r.build();
  }
}
