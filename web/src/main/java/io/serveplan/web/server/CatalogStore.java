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
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The catalog the server simulates with: the built-in and user-file catalogs plus the custom
 * entries users added through the API, which are stored in the database and merged again at
 * every start. Replacing a built-in entry needs the caller to say so; deleting a custom entry
 * brings the built-in one back. Thread-safe: readers see one consistent catalog; changes replace
 * it atomically.
 */
public final class CatalogStore {

  /** API kind (path segment) → catalog document list and database kind. */
  public static final Map<String, String[]> KINDS = Map.of(
      "gpus", new String[] {"gpus", "gpu"},
      "models", new String[] {"models", "model"},
      "engines", new String[] {"engines", "engine"});

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One stored custom entry and what it does to the catalog. */
  public record CustomEntry(String kind, String id, String origin, boolean replacesBuiltIn, OffsetDateTime createdAt) {}

  /** Thrown when an entry would replace a built-in one without the request saying so. */
  public static final class ReplacesBuiltIn extends RuntimeException {
    public ReplacesBuiltIn(String message) {
      super(message);
    }
  }

  private final Catalog base;
  private final AtomicReference<Catalog> current;
  private final Database db;

  private CatalogStore(Catalog base, Catalog catalog, Database db) {
    this.base = base;
    this.current = new AtomicReference<>(catalog);
    this.db = db;
  }

  /** The base catalog merged with every stored custom entry, oldest first. */
  public static CatalogStore open(Catalog base, Database db) {
    return new CatalogStore(base, merged(base, db), db);
  }

  private static Catalog merged(Catalog base, Database db) {
    Catalog c = base;
    for (Database.StoredCatalogEntry e : db.catalogEntries()) {
      c = c.merge("stored " + e.kind() + " '" + e.id() + "'", document(listOf(e.kind()), e.entryJson()));
    }
    return c;
  }

  private static String listOf(String dbKind) {
    return KINDS.values().stream().filter(k -> k[1].equals(dbKind)).findFirst()
        .orElseThrow(() -> new IllegalStateException("stored catalog entry of unknown kind " + dbKind))[0];
  }

  public Catalog current() {
    return current.get();
  }

  /**
   * Validates {@code entry} like a catalog file entry, stores it and makes it part of the catalog.
   *
   * @param kind {@code gpus}, {@code models} or {@code engines}
   * @param replace whether the entry may replace a built-in (or user-file) entry of the same id
   * @throws io.serveplan.hardware.CatalogException naming the entry and the field
   * @throws ReplacesBuiltIn when the id is a built-in one and {@code replace} is false
   */
  public synchronized Catalog add(String kind, JsonNode entry, boolean replace) {
    String[] k = kind(kind);
    String id = entry.path("id").asText("?");
    if (!replace && inBase(k[1], id)) {
      throw new ReplacesBuiltIn("'" + id + "' is a built-in " + k[1] + "; add ?replace=true to replace it "
          + "(DELETE /api/v1/catalog/" + kind + "/" + id + " restores the built-in one)");
    }
    String json = entry.toString();
    Catalog next = current.get().merge("custom " + k[1] + " '" + id + "'", document(k[0], json));
    db.putCatalogEntry(k[1], id, json, OffsetDateTime.now(ZoneOffset.UTC));
    current.set(next);
    return next;
  }

  /** Removes a custom entry; a built-in entry of that id is in the catalog again. False when none was stored. */
  public synchronized boolean remove(String kind, String id) {
    String[] k = kind(kind);
    if (!db.deleteCatalogEntry(k[1], id)) {
      return false;
    }
    current.set(merged(base, db));
    return true;
  }

  /** Every stored custom entry with its origin: added, or replacing a built-in entry. */
  public List<CustomEntry> customEntries() {
    return db.catalogEntries().stream().map(e -> {
      boolean replaces = inBase(e.kind(), e.id());
      return new CustomEntry(e.kind(), e.id(), replaces ? "custom (replaces built-in)" : "custom", replaces, e.createdAt());
    }).toList();
  }

  private boolean inBase(String dbKind, String id) {
    return switch (dbKind) {
      case "gpu" -> base.findGpu(id).isPresent();
      case "model" -> base.findModel(id).isPresent();
      default -> base.engineIds().contains(id);
    };
  }

  private static String[] kind(String kind) {
    return Optional.ofNullable(KINDS.get(kind)).orElseThrow(() ->
        new IllegalArgumentException("kind: unknown '" + kind + "'; allowed: gpus, models, engines"));
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
