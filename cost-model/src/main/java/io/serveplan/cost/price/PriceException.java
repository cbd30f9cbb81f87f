package io.serveplan.cost.price;

import io.serveplan.hardware.document.DocumentException;
import io.serveplan.hardware.document.FieldError;
import java.util.List;

/**
 * A price file or price entry is wrong. A document's problems come all at once, each a {@link
 * FieldError} whose path names the list, the entry id and the field ({@code
 * gpu_prices[aws-h100].tier}) and the allowed values; the message starts with the file.
 */
public class PriceException extends DocumentException {

  public PriceException(String message) {
    super(message, (Throwable) null);
  }

  public PriceException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Every problem of one price document; {@code source} names it. */
  public PriceException(String source, List<FieldError> errors) {
    super(source, errors);
  }
}
