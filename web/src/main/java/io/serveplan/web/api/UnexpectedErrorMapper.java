package io.serveplan.web.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Anything else is a bug: 500 with an incident id the server log carries beside the stack trace;
 * the client sees neither the trace nor any internal path.
 */
@Provider
public final class UnexpectedErrorMapper implements ExceptionMapper<Throwable> {

  private static final Logger LOG = Logger.getLogger(UnexpectedErrorMapper.class.getName());

  @Override
  public Response toResponse(Throwable e) {
    String incident = UUID.randomUUID().toString();
    LOG.log(Level.SEVERE, "incident " + incident, e);
    return ProblemResponses.of(Problem.of(500, "internal-error", "Internal error",
        "the server failed to answer; incident " + incident));
  }
}
