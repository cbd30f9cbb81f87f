package io.serveplan.web.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serveplan.hardware.document.FieldError;
import io.serveplan.simulator.spec.SpecReader;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reads request bodies: bounded in size, strict JSON (or YAML when the client says so). */
final class JsonBodies {

  private JsonBodies() {}

  static JsonNode read(InputStream body, MediaType type, long maxBytes, ObjectMapper json) {
    byte[] bytes = readBounded(body, maxBytes);
    if (bytes.length == 0) {
      throw new ApiException(400, "malformed-body", "Malformed request body", "the request body is empty; send a JSON document");
    }
    if (type != null && type.getSubtype().contains("yaml")) {
      return SpecReader.tree(new String(bytes, StandardCharsets.UTF_8)).tree();
    }
    try {
      return json.readTree(bytes);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      throw new ApiException(400, "malformed-body", "Malformed request body",
          "the body is not valid JSON" + where + ": " + e.getOriginalMessage(),
          List.of(new FieldError("body", "not valid JSON" + where)));
    } catch (IOException e) {
      throw new ApiException(400, "malformed-body", "Malformed request body", "the body could not be read");
    }
  }

  private static byte[] readBounded(InputStream body, long maxBytes) {
    try {
      byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (bytes.length > maxBytes) {
        throw new ApiException(413, "body-too-large", "Request body too large",
            "the body is larger than this server accepts (" + maxBytes + " bytes)",
            List.of(new FieldError("body", "larger than " + maxBytes + " bytes")));
      }
      return bytes;
    } catch (IOException e) {
      throw new ApiException(400, "malformed-body", "Malformed request body", "the body could not be read");
    }
  }
}
