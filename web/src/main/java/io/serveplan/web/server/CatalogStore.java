package io.serveplan.web.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.serveplan.hardware.Catalog;
import io.serveplan.web.db.Database;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The catalog the server simulates with: the built-in and user-file catalogs plus the custom
 * entries users added through the API, which are stored in the database and merged again at
 * every start. Thread-safe: readers see one consistent catalog; additions replace it atomically.
 */
public final class CatalogStore {

  /** API kind (path segment) → catalog document list and database kind. */
  public static final Map<String, String[]> KINDS = Map.of(
      "gpus", new String[] {"gpus", "gpu"},
      "models", new String[] {"models", "model"},
      "engines", new String[] {"engines", "engine"});

  private static final ObjectMapper JSON = new ObjectMapper();

  private final AtomicReference<Catalog> current;
  private final Database db;

  private CatalogStore(Catalog catalog, Database db) {
    this.current = new AtomicReference<>(catalog);
    this.db = db;
  }

  /** The base catalog merged with every stored custom entry, oldest first. */
  public static CatalogStore open(Catalog base, Database db) {
    Catalog c = base;
    for (Database.StoredCatalogEntry e : db.catalogEntries()) {
      String list = KINDS.values().stream().filter(k -> k[1].equals(e.kind())).findFirst()
          .orElseThrow(() -> new IllegalStateException("stored catalog entry of unknown kind " + e.kind()))[0];
      c = c.merge("stored " + e.kind() + " '" + e.id() + "'", document(list, e.entryJson()));
    }
    return new CatalogStore(c, db);
  }

  public Catalog current() {
    return current.get();
  }

  /**
   * Validates {@code entry} like a catalog file entry, stores it and makes it part of the catalog.
   *
   * @param kind {@code gpus}, {@code models} or {@code engines}
   * @throws io.serveplan.hardware.CatalogException naming the entry and the field
   */
  public synchronized Catalog add(String kind, JsonNode entry) {
    String[] k = KINDS.get(kind);
    if (k == null) {
      throw new IllegalArgumentException("kind: unknown '" + kind + "'; allowed: gpus, models, engines");
    }
    String id = entry.path("id").asText("?");
    String json = entry.toString();
    Catalog next = current.get().merge("custom " + k[1] + " '" + id + "'", document(k[0], json));
    db.putCatalogEntry(k[1], id, json, OffsetDateTime.now(ZoneOffset.UTC));
    current.set(next);
    return next;
  }

  private static String document(String list, String entryJson) {
    try {
      ObjectNode doc = JSON.createObjectNode();
      doc.putArray(list).add(JSON.readTree(entryJson));
      return JSON.writeValueAsString(doc);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("stored catalog entry does not parse", e);
    }
  }

  /** For tests: the ids of stored entries. */
  List<String> storedIds() {
    return db.catalogEntries().stream().map(Database.StoredCatalogEntry::id).toList();
  }
}
