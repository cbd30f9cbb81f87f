package io.serveplan.web.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.serveplan.cost.price.PriceCatalog;
import io.serveplan.hardware.Catalog;
import io.serveplan.simulator.CalibrationResolver;
import io.serveplan.simulator.timing.CalibrationProfile;
import io.serveplan.web.db.Database;
import io.serveplan.web.run.MemoryBudget;
import io.serveplan.web.run.RecommendationHandler;
import io.serveplan.web.run.RunLimits;
import io.serveplan.web.run.RunService;
import io.serveplan.web.run.SimulationHandler;
import io.serveplan.web.run.SweepHandler;
import io.serveplan.web.db.StoredCalibration;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts ServePlan inside the web application (reads {@link ServerConfig} once, opens and migrates
 * the database, marks runs a dead process left behind as interrupted, starts the workers) and
 * stops it again.
 */
@WebListener
public final class AppLifecycle implements ServletContextListener {

  private static final Logger LOG = Logger.getLogger(AppLifecycle.class.getName());

  @Override
  public void contextInitialized(ServletContextEvent event) {
    try {
      ServerConfig config = ServerConfig.fromProperties(System.getProperties());
      ObjectMapper json = ApiJson.mapper();
      PriceCatalog prices = PriceCatalog.fromEnvironment(Optional.empty());
      Database db = Database.open(config.dbUrl());
      CatalogStore catalogs = CatalogStore.open(Catalog.fromEnvironment(Optional.empty()), db);
      RunLimits limits = new RunLimits(config.maxRequests(), config.maxSimulatedSeconds());
      MemoryBudget memory = new MemoryBudget(config.memoryBudgetBytes());
      CalibrationResolver stored = id -> db.findCalibration(id).map(c -> CalibrationProfile.fromJson(c.profileJson()));
      Supplier<List<String>> storedIds = () -> db.calibrations().stream().map(StoredCalibration::id).toList();
      SimulationHandler simulations = new SimulationHandler(catalogs::current, limits, stored, storedIds, memory);
      RunService runs = new RunService(db, json,
          List.of(simulations, new RecommendationHandler(catalogs::current, prices, limits, stored, storedIds),
              new SweepHandler(simulations)),
          config.workers(), config.queueCapacity(), memory);
      int interrupted = runs.recoverInterrupted();
      if (interrupted > 0) {
        LOG.warning(interrupted + " run(s) left unfinished by the previous server are marked interrupted");
      }
      event.getServletContext().setAttribute(AppServices.ATTRIBUTE,
          new AppServices(config, catalogs, prices, db, runs, json));
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "ServePlan failed to start: " + e.getMessage(), e);
      throw e;
    }
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    Object s = event.getServletContext().getAttribute(AppServices.ATTRIBUTE);
    if (s instanceof AppServices services) {
      services.runs().close();
      services.db().close();
    }
  }
}
