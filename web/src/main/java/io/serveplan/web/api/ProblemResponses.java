package io.serveplan.web.api;

import jakarta.ws.rs.core.Response;

/** Builds error answers: status, problem body, {@code application/problem+json}. */
final class ProblemResponses {

  private ProblemResponses() {}

  static Response of(Problem problem) {
    return builder(problem).build();
  }

  static Response.ResponseBuilder builder(Problem problem) {
    return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(Json.write(problem));
  }
}
