package io.serveplan.web.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The one entry point of {@code bin/serveplan}. Each subcommand lives in its own class; exit codes
 * exist only here and in those command classes.
 */
@Command(
    name = "serveplan",
    mixinStandardHelpOptions = true,
    version = "serveplan 0.1.0",
    description = "Which LLM serving stack to run, and what it will cost: simulate, recommend, calibrate, validate.",
    subcommands = {
      ServeCommand.class,
      SimulateCommand.class,
      RecommendCommand.class,
      SweepRateCommand.class,
      CalibrateCommand.class,
      ValidateCommand.class,
      ReportCommand.class,
      CatalogCommand.class,
      BenchCommand.class,
      ServeModelCommand.class,
      BenchServeCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    int exitCode = commandLine().execute(args);
    System.exit(exitCode);
  }

  /** The configured command line, also used by tests. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(new CliErrors());
    return cl;
  }
}
