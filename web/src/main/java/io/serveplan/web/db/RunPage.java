package io.serveplan.web.db;

import java.util.List;

/** One page of runs, newest first, and how many runs there are in all. */
public record RunPage(List<Run> runs, int page, int size, long total) {
  public RunPage {
    runs = List.copyOf(runs);
  }
}
