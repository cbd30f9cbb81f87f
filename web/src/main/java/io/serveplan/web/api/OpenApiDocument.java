package io.serveplan.web.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The API's contract: the checked-in OpenAPI 3.1 document {@code openapi.yaml} beside this class,
 * served byte for byte at {@code /openapi} ({@link OpenApiServlet}) and {@code /api/v1/openapi.yaml}
 * ({@link OpenApiResource}). Payara's own generator is switched off (EmbeddedPayara), so the
 * MicroProfile annotations are not a second source. {@code OpenApiDocumentTest} keeps the document
 * and the resource classes in step; {@code scripts/openapi-lint.sh} lints it.
 */
public final class OpenApiDocument {

  /** The document's class-path name. */
  public static final String RESOURCE = "io/serveplan/web/api/openapi.yaml";
  public static final String MEDIA_TYPE = "application/yaml";

  private static final byte[] BYTES = load();

  private OpenApiDocument() {}

  /** The document's bytes (UTF-8 YAML); a copy. */
  public static byte[] bytes() {
    return BYTES.clone();
  }

  private static byte[] load() {
    try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path; the build copies it from src/main/resources");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
