package io.serveplan.web.api;

/** Limits on ids that the database stores: its {@code id} columns hold 100 characters. */
final class CatalogIds {

  static final int MAX_LENGTH = 100;

  private CatalogIds() {}
}
