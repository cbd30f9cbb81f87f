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
    for (String line : lines(ex)) {
      cl.getErr().println("error: " + line);
    }
    return badInput ? 2 : 1;
  }

  /**
   * One line per problem: each field error of a document (spec, sheet, catalog, prices) on its own
   * line; any other message folded onto one.
   */
  static java.util.List<String> lines(Exception ex) {
    if (ex instanceof io.serveplan.hardware.document.DocumentException de && !de.errors().isEmpty()) {
      return de.lines().stream().map(CliErrors::oneLine).toList();
    }
    StringBuilder msg = new StringBuilder(ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage());
    for (Throwable c = ex.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      if (c.getMessage() != null && !msg.toString().contains(c.getMessage())) {
        msg.append(": ").append(c.getMessage());
      }
    }
    return java.util.List.of(oneLine(msg.toString()));
  }

  static String oneLine(String s) {
    return s.strip().replaceAll("\\s*\\R\\s*", "; ");
  }
}
