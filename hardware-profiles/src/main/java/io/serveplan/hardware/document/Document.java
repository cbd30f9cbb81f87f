package io.serveplan.hardware.document;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A parsed YAML or JSON document (JSON is read as YAML, of which it is a subset), immutable. Read
 * it with {@link #fields()}: a {@link Fields} cursor that collects every problem. This package is
 * where the project's documents meet Jackson; a reader of records uses {@link Fields} only, and a
 * layer that already holds a Jackson tree (the web API) hands it over with {@link #of(JsonNode)}.
 */
public final class Document {

  private static final ObjectMapper YAML = new YAMLMapper();

  private final JsonNode root;

  private Document(JsonNode root) {
    this.root = root == null || root.isMissingNode() ? MissingNode.getInstance() : root;
  }

  /**
   * Parses YAML or JSON text; empty text is an empty document (every field absent).
   *
   * @param field names the document in the error ({@code spec}), as a field error's field
   * @throws DocumentException with one {@link FieldError} for a syntax error
   */
  public static Document parse(String text, String field) {
    try {
      return new Document(YAML.readTree(text == null ? "" : text));
    } catch (JsonProcessingException e) {
      throw new DocumentException(field, "not valid YAML or JSON: " + e.getOriginalMessage());
    }
  }

  /** Reads a whole stream as UTF-8 YAML or JSON; see {@link #parse(String, String)}. */
  public static Document read(InputStream in, String field) throws IOException {
    return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), field);
  }

  /** A document from a tree parsed elsewhere. */
  public static Document of(JsonNode tree) {
    return new Document(tree);
  }

  /**
   * A document from plain maps, lists and scalars (as {@link JsonCodec#readObject} reads them), for
   * a layer that reads JSON without Jackson's trees; {@code null} is an empty document.
   */
  public static Document ofPlain(Object value) {
    return new Document(value == null ? NullNode.getInstance() : YAML.valueToTree(value));
  }

  /** Whether the document has no content (empty text, or {@code null}). */
  public boolean isEmpty() {
    return root.isMissingNode() || root.isNull();
  }

  /** Whether the document is a mapping of fields (or empty). */
  public boolean isObject() {
    return isEmpty() || root.isObject();
  }

  /** The Jackson tree, for the layers allowed to use Jackson (the web API stores it); an empty document is an empty mapping. */
  public JsonNode tree() {
    return root.isMissingNode() ? YAML.createObjectNode() : root;
  }

  /** A cursor over the top-level fields, with paths from the root and its own error list. */
  public Fields fields() {
    return fields("");
  }

  /** A cursor over the top-level fields whose error paths start with {@code prefix}. */
  public Fields fields(String prefix) {
    return new Fields(isEmpty() ? null : root, prefix, new java.util.ArrayList<>());
  }
}
