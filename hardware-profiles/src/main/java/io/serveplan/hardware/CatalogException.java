package io.serveplan.hardware;

import io.serveplan.hardware.document.DocumentException;
import io.serveplan.hardware.document.FieldError;
import java.util.List;

/**
 * A catalog file, entry or lookup is wrong. A document's problems come all at once, each a {@link
 * FieldError} whose path names the list, the entry id and the field ({@code
 * gpus[h100-sxm].memory_gb}); the message starts with the file. A lookup or directory problem has a
 * message only.
 */
public class CatalogException extends DocumentException {

  public CatalogException(String message) {
    super(message, (Throwable) null);
  }

  public CatalogException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Every problem of one catalog document; {@code source} names it (a file, "stored entry x"). */
  public CatalogException(String source, List<FieldError> errors) {
    super(source, errors);
  }
}
