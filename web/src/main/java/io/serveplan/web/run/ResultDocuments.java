package io.serveplan.web.run;

import io.serveplan.hardware.document.JsonCodec;
import io.serveplan.reports.ResultDocument;
import java.util.Map;

/**
 * Reads a stored or written result's JSON (a simulation, a recommendation, a capacity curve) into
 * the record its report draws, through the one reader: the kind from the top-level keys, the
 * document bound once, the spec (or workload sheet) kept as indented JSON for the report to show.
 */
public final class ResultDocuments {

  private ResultDocuments() {}

  /**
   * @throws IllegalArgumentException naming what is missing or malformed, for text that is not
   *     JSON or not a ServePlan result
   */
  public static ResultDocument read(String json) {
    Map<String, Object> top;
    try {
      top = JsonCodec.readObject(json);
    } catch (IllegalArgumentException e) {
      // Jackson's message up to its location note, which names no file here
      String why = String.valueOf(e.getMessage());
      int cut = why.indexOf(';');
      throw new IllegalArgumentException("result: not a JSON object (" + (cut > 0 ? why.substring(0, cut) : why) + ")");
    }
    ResultDocument.Kind kind = ResultDocument.kindOf(top.keySet());
    ResultDocument doc;
    try {
      doc = JsonCodec.convert(top, kind.type(), JsonCodec.Keys.SNAKE_CASE);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("result: not a readable " + kind.id() + " result: " + e.getMessage(), e);
    }
    Object spec = top.containsKey("spec") ? top.get("spec") : top.get("sheet");
    return spec == null ? doc : doc.withSpecText(JsonCodec.write(spec, JsonCodec.Keys.SNAKE_CASE));
  }
}
