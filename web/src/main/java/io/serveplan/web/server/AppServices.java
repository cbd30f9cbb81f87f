package io.serveplan.web.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.serveplan.cost.price.PriceCatalog;
import io.serveplan.hardware.Catalog;
import io.serveplan.web.db.Database;
import io.serveplan.web.run.RunService;
import jakarta.servlet.ServletContext;

/**
 * What the web application holds while it runs: configuration, catalogs, the database and the run
 * service. Created by {@link AppLifecycle} when the application starts, kept as a servlet-context
 * attribute, closed when it stops.
 */
public record AppServices(
    ServerConfig config, CatalogStore catalogs, PriceCatalog prices, Database db, RunService runs, ObjectMapper json) {

  static final String ATTRIBUTE = AppServices.class.getName();

  /** The catalog as it is now: built-in, the user's files, and the custom entries stored here. */
  public Catalog catalog() {
    return catalogs.current();
  }

  public static AppServices from(ServletContext context) {
    Object s = context.getAttribute(ATTRIBUTE);
    if (s == null) {
      throw new IllegalStateException("ServePlan did not start; the server log says why");
    }
    return (AppServices) s;
  }
}
