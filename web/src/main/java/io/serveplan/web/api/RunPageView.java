package io.serveplan.web.api;

import java.util.List;

/** One page of runs, newest first. {@code page} counts from 0; {@code total} counts all runs of the kind. */
public record RunPageView(List<RunView> items, int page, int size, long total) {}
