package io.serveplan.executor;

/**
 * The executor's failure family: a backend that cannot start, a checkpoint that cannot be read, a
 * run that cannot proceed. Bad user input is {@link IllegalArgumentException} instead (the CLI
 * answers it with exit code 2). Messages say what to change; causes are chained.
 */
public class ExecutorException extends RuntimeException {

  public ExecutorException(String message) {
    super(message);
  }

  public ExecutorException(String message, Throwable cause) {
    super(message, cause);
  }
}
