package io.serveplan.cost.price;

/**
 * A price file or price entry is wrong. The message names the file, the entry id and the field,
 * and says what is allowed.
 */
public class PriceException extends IllegalArgumentException {

  public PriceException(String message) {
    super(message);
  }

  public PriceException(String message, Throwable cause) {
    super(message, cause);
  }
}
