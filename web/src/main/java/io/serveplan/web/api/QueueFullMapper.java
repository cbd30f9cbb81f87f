package io.serveplan.web.api;

import io.serveplan.web.run.QueueFullException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Every worker busy and the queue full: 429 with Retry-After. */
@Provider
public final class QueueFullMapper implements ExceptionMapper<QueueFullException> {
  @Override
  public Response toResponse(QueueFullException e) {
    return ProblemResponses.builder(Problem.of(429, "queue-full", "Too many runs", e.getMessage()))
        .header("Retry-After", Integer.toString(e.retryAfterSeconds()))
        .build();
  }
}
