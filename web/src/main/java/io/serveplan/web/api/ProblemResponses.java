package io.serveplan.web.api;

import jakarta.ws.rs.core.Response;

/** Builds error answers: status, problem body, {@code application/problem+json}. */
final class ProblemResponses {

  private ProblemResponses() {}

  static Response of(Problem problem) {
    return builder(problem).build();
  }

  static Response.ResponseBuilder builder(Problem problem) {
    return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(Json.write(clean(problem)));
  }

  /** A Java or library class name (com.fasterxml.jackson.databind.Foo, `java.lang.Integer`, java.util.Map$Entry). */
  private static final java.util.regex.Pattern CLASS_NAME =
      java.util.regex.Pattern.compile("`?\\b(?:[a-z][a-z0-9_]*\\.){2,}([A-Z][A-Za-z0-9_]*)(?:\\$[A-Za-z0-9_]+)*`?");

  /**
   * Messages from below the API (Jackson, the readers) sometimes name classes: those become their
   * plain type name ({@code java.lang.Integer} → {@code Integer}), so no body shows internals.
   */
  static Problem clean(Problem p) {
    return new Problem(p.type(), p.title(), p.status(), scrub(p.detail()), p.errors().stream()
        .map(e -> new Problem.InvalidField(e.field(), scrub(e.message()), e.allowed())).toList());
  }

  static String scrub(String s) {
    if (s == null) {
      return null;
    }
    String out = CLASS_NAME.matcher(s).replaceAll("$1");
    // Jackson's source locations ("[Source: (byte[])...; line: 1]") and reference chains.
    return out.replaceAll("\\s*\\(through reference chain:[^)]*\\)", "").replaceAll("\\s*\\[Source:[^\\]]*\\]", "");
  }
}
