package io.serveplan.web.api;

import io.serveplan.web.run.RunTooLargeException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A valid run larger than this server's limits: 413, naming the fields that make it so. */
@Provider
public final class RunTooLargeMapper implements ExceptionMapper<RunTooLargeException> {
  @Override
  public Response toResponse(RunTooLargeException e) {
    return ProblemResponses.of(Problem.of(413, "run-too-large", "Run too large",
        "the run asks for more than this server allows; make it smaller or run it with the CLI", e.errors()));
  }
}
