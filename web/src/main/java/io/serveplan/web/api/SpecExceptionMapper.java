package io.serveplan.web.api;

import io.serveplan.simulator.spec.SpecException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A document that parses but is not a valid spec or sheet: 422, one entry per offending field. */
@Provider
public final class SpecExceptionMapper implements ExceptionMapper<SpecException> {
  @Override
  public Response toResponse(SpecException e) {
    return ProblemResponses.of(Problem.of(422, "invalid-document", "Invalid document",
        "the document has " + e.errors().size() + " invalid field(s)", e.errors()));
  }
}
