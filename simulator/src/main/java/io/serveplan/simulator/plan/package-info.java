/**
 * The resolved run plan: a what-if spec checked once against the catalogs ({@link
 * io.serveplan.simulator.plan.RunPlanResolver}) into typed parts ({@link
 * io.serveplan.simulator.plan.RunPlan}) that the simulator, {@code validate}, the web layer and
 * the executor take instead of resolving catalog ids and option strings again.
 */
package io.serveplan.simulator.plan;
