package io.serveplan.web.run;

/** What a running job may ask of the service that runs it. Thread-safe. */
public interface RunControl {

  /** Reports the fraction done, 0..1; cheap to call often (writes are throttled). */
  void progress(double fraction);

  /** True once the run was cancelled; a job checks it between steps and stops early. */
  boolean isCancelled();
}
