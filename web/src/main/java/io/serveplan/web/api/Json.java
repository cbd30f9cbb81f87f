package io.serveplan.web.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serveplan.web.server.ApiJson;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Every JSON answer is serialized here, with {@link ApiJson}'s mapper (snake_case keys, ISO times).
 *
 * <p>NOTE: Payara's Jersey insists on JSON-B for entities of type Object, even with a custom
 * MessageBodyWriter registered and JSON-B disabled by property; handing Jersey the serialized text
 * keeps the API's JSON in one place and in one style.
 */
final class Json {

  static final ObjectMapper MAPPER = ApiJson.mapper();

  private Json() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName() + " to JSON", e);
    }
  }

  /** 200 with {@code value} as JSON. */
  static Response ok(Object value) {
    return Response.ok(write(value), MediaType.APPLICATION_JSON_TYPE).build();
  }

  static Response.ResponseBuilder status(int status, Object value) {
    return Response.status(status).entity(write(value)).type(MediaType.APPLICATION_JSON_TYPE);
  }
}
