package io.serveplan.web.run;

/** Every worker is busy and the queue is full: the client should retry later. */
public final class QueueFullException extends RuntimeException {

  private final int retryAfterSeconds;

  public QueueFullException(int capacity, int retryAfterSeconds) {
    super("the run queue is full (" + capacity + " runs waiting or running); retry in " + retryAfterSeconds + " s");
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
