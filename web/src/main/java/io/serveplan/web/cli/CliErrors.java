package io.serveplan.web.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions that escape a command into one clear line on stderr and exit code 2 (bad input)
 * or 1 (failure). A stack trace is printed only with {@code SERVEPLAN_DEBUG=1}.
 */
final class CliErrors implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parseResult) {
    if ("1".equals(System.getenv("SERVEPLAN_DEBUG"))) {
      ex.printStackTrace(cl.getErr());
    }
    boolean badInput = ex instanceof IllegalArgumentException;
    StringBuilder msg = new StringBuilder(ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage());
    for (Throwable c = ex.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      if (c.getMessage() != null && !msg.toString().contains(c.getMessage())) {
        msg.append(": ").append(c.getMessage());
      }
    }
    cl.getErr().println("error: " + msg);
    return badInput ? 2 : 1;
  }
}
