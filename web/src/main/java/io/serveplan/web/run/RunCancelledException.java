package io.serveplan.web.run;

/** Thrown by a job that noticed {@link RunControl#isCancelled()} and stopped early. */
public final class RunCancelledException extends RuntimeException {
  public RunCancelledException() {
    super("cancelled");
  }
}
