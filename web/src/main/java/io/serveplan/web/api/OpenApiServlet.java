package io.serveplan.web.api;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code /openapi} (the root path MicroProfile OpenAPI uses, outside {@code /api/v1}): the same
 * checked-in document as {@code /api/v1/openapi.yaml}, in YAML whatever {@code format} asks for.
 *
 * <p>NOTE: Payara's OpenAPI servlet is not registered: its generator is switched off at boot
 * (EmbeddedPayara), and its container initializer also skips the path when the application maps it.
 */
@WebServlet(urlPatterns = "/openapi")
public final class OpenApiServlet extends HttpServlet {

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    byte[] body = OpenApiDocument.bytes();
    response.setContentType(OpenApiDocument.MEDIA_TYPE);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
