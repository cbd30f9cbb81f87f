package io.serveplan.hardware;

/**
 * A catalog file, entry or lookup is wrong. The message names the file, the entry id, the field
 * and what to change.
 */
public class CatalogException extends IllegalArgumentException {
  public CatalogException(String message) {
    super(message);
  }

  public CatalogException(String message, Throwable cause) {
    super(message, cause);
  }
}
