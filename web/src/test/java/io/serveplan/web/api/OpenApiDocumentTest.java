package io.serveplan.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.serveplan.cost.price.PricingTier;
import io.serveplan.cost.recommend.Recommendation;
import io.serveplan.cost.sheet.SheetCalibration;
import io.serveplan.cost.sheet.SheetReader;
import io.serveplan.hardware.document.DocumentException;
import io.serveplan.hardware.document.FieldError;
import io.serveplan.simulator.SimulationResult;
import io.serveplan.simulator.memory.MemoryPlan;
import io.serveplan.simulator.result.ResultMetrics;
import io.serveplan.simulator.spec.SpecReader;
import io.serveplan.web.db.RunStatus;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The checked-in OpenAPI document ({@link OpenApiDocument}) against the code it describes: every
 * JAX-RS resource method that Payara registers (every {@code @Path} class of {@code io.serveplan.web},
 * found as annotation discovery finds it) is documented with its path and method and nothing else is;
 * operationIds are unique, summaries present, the requests {@link TokenFilter} guards (writes; reads
 * off loopback, but its open ones) carry the bearer scheme, path parameters are defined, every
 * operation describes a 4xx problem document; the request-body schemas have exactly the fields and allowed values the spec and sheet readers accept
 * (asked of the readers themselves), and the result schemas the keys the result records write.
 */
class OpenApiDocumentTest {

  private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static final String BEARER = "bearerAuth";
  private static final String PROBE = "zz_not_a_field";

  static JsonNode doc;

  @BeforeAll
  static void parse() throws IOException {
    doc = new ObjectMapper(new YAMLFactory()).readTree(OpenApiDocument.bytes());
  }

  // ---- operations against the resource classes ---------------------------------------------

  @Test
  void documentsEveryResourceMethodAndNothingElse() {
    Set<String> code = operations(resourceClasses());
    Set<String> documented = documentedOperations(doc);
    assertThat(difference(code, documented)).as("resource methods missing from openapi.yaml").isEmpty();
    assertThat(difference(documented, code)).as("operations in openapi.yaml that no resource method serves").isEmpty();
  }

  @Test
  void failsWhenAResourceGainsAnUndocumentedMethod() {
    List<Class<?>> resources = new ArrayList<>(resourceClasses());
    resources.add(UndocumentedResource.class);
    assertThat(difference(operations(resources), documentedOperations(doc)))
        .containsExactlyInAnyOrder("GET /simulations/{id}/undocumented", "POST /undocumented");
  }

  @Test
  void findsTheResourcesThatServeTheApi() {
    assertThat(resourceClasses()).contains(SimulationsResource.class, RecommendationsResource.class,
        CatalogResource.class, CalibrationsResource.class, HealthResource.class, MetricsResource.class,
        OpenApiResource.class, io.serveplan.web.ui.ReportsResource.class);
  }

  @Test
  void operationIdsAreUniqueAndEveryOperationHasASummary() {
    Map<String, List<String>> byId = new HashMap<>();
    forEachOperation((key, op) -> {
      assertThat(op.path("operationId").asText("")).as("operationId of " + key).isNotBlank();
      assertThat(op.path("summary").asText("")).as("summary of " + key).isNotBlank();
      byId.computeIfAbsent(op.path("operationId").asText(), k -> new ArrayList<>()).add(key);
    });
    assertThat(byId.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::toString))
        .as("operationIds used more than once").isEmpty();
  }

  @Test
  void theRequestsTheTokenFilterGuardsCarryTheBearerScheme() {
    JsonNode scheme = doc.at("/components/securitySchemes/" + BEARER);
    assertThat(scheme.path("type").asText()).isEqualTo("http");
    assertThat(scheme.path("scheme").asText()).isEqualTo("bearer");
    assertThat(doc.has("security")).as("no global security: each operation says its own").isFalse();
    forEachOperation((key, op) -> {
      String method = key.substring(0, key.indexOf(' '));
      JsonNode security = op.path("security");
      assertThat(security.isArray()).as("security of " + key).isTrue();
      String path = key.substring(key.indexOf(' ') + 2);
      if (TokenFilter.SAFE.contains(method) && TokenFilter.OPEN_READS.contains(path)) {
        assertThat(security).as(key + " is never guarded: security: []").isEmpty();
      } else {
        assertThat(security).as(key + " is guarded by TokenFilter").hasSize(1);
        assertThat(security.get(0).has(BEARER)).as(key + " requires " + BEARER).isTrue();
        assertThat(op.path("responses").has("401")).as(key + " documents 401").isTrue();
      }
    });
  }

  @Test
  void everyPathParameterIsDefinedAndMatchesTheResourceMethod() {
    Map<String, Set<String>> javaParams = pathParams(resourceClasses());
    forEachOperation((key, op) -> {
      String path = key.substring(key.indexOf(' ') + 1);
      Set<String> template = templateNames(path);
      Set<String> defined = new TreeSet<>();
      List<JsonNode> params = new ArrayList<>();
      doc.path("paths").path(path).path("parameters").forEach(params::add);
      op.path("parameters").forEach(params::add);
      for (JsonNode p : params) {
        JsonNode r = resolve(p);
        if (r.path("in").asText().equals("path")) {
          assertThat(r.path("required").asBoolean()).as(key + ": path parameter " + r.path("name") + " is required").isTrue();
          defined.add(r.path("name").asText());
        }
      }
      assertThat(defined).as("path parameters of " + key).isEqualTo(template);
      assertThat(javaParams.getOrDefault(key, Set.of())).as("@PathParam names of " + key)
          .isEqualTo(template);
    });
  }

  @Test
  void everyOperationDescribesItsErrorsAsProblemDocuments() {
    forEachOperation((key, op) -> {
      List<String> fourXx = new ArrayList<>();
      op.path("responses").fieldNames().forEachRemaining(code -> {
        if (code.startsWith("4")) {
          fourXx.add(code);
          JsonNode schema = resolve(op.path("responses").path(code)).path("content").path(Problem.MEDIA_TYPE).path("schema");
          assertThat(schema.path("$ref").asText()).as(key + " " + code + " is a problem document")
              .isEqualTo("#/components/schemas/Problem");
        }
      });
      assertThat(fourXx).as("4xx responses of " + key).isNotEmpty();
    });
    assertThat(properties(schema("Problem"))).isEqualTo(jsonNames(Problem.class));
    assertThat(properties(schema("InvalidField"))).isEqualTo(jsonNames(Problem.InvalidField.class));
  }

  // ---- request bodies against the readers --------------------------------------------------

  @Test
  void submitTakesTheSpecAndTheSheet() {
    assertThat(bodySchema("/simulations")).isEqualTo("#/components/schemas/WhatIfSpec");
    assertThat(bodySchema("/recommendations")).isEqualTo("#/components/schemas/WorkloadSheet");
  }

  @Test
  void theSpecSchemaHasTheFieldsAndValuesTheSpecReaderAccepts() {
    Consumer<String> spec = SpecReader::parse;
    assertThat(properties(schema("WhatIfSpec"))).isEqualTo(knownFields(spec, "{%s}"));
    assertThat(properties(schema("EngineSpec"))).isEqualTo(knownFields(spec, "{engine: {%s}}"));
    assertThat(properties(schema("WorkloadSpec"))).isEqualTo(knownFields(spec, "{workload: {%s}}"));
    assertThat(properties(schema("SharedPrefixSpec"))).isEqualTo(knownFields(spec, "{workload: {shared_prefix: {%s}}}"));
    assertThat(properties(schema("SloSpec"))).isEqualTo(knownFields(spec, "{slo: {%s}}"));
    Set<String> lengthFields = new TreeSet<>();
    for (String d : allowed(spec, "{workload: {input_tokens: {distribution: %s}}}", "workload.input_tokens.distribution")) {
      lengthFields.addAll(knownFields(spec, "{workload: {input_tokens: {distribution: " + d + ", value: 1, min: 1, max: 2, mean: 1, %s}}}"));
    }
    assertThat(properties(schema("LengthSpec"))).isEqualTo(lengthFields);

    assertThat(enumOf("WhatIfSpec", "weights_dtype")).isEqualTo(allowed(spec, "{weights_dtype: %s}", "weights_dtype"));
    assertThat(enumOf("WhatIfSpec", "kv_cache_dtype")).isEqualTo(allowed(spec, "{kv_cache_dtype: %s}", "kv_cache_dtype"));
    assertThat(enumOf("WhatIfSpec", "router")).isEqualTo(allowed(spec, "{router: %s}", "router"));
    assertThat(enumOf("EngineSpec", "scheduler")).isEqualTo(allowed(spec, "{engine: {scheduler: %s}}", "engine.scheduler"));
    assertThat(enumOf("EngineSpec", "preemption")).isEqualTo(allowed(spec, "{engine: {preemption: %s}}", "engine.preemption"));
    assertThat(enumOf("WorkloadSpec", "arrival")).isEqualTo(allowed(spec, "{workload: {arrival: %s}}", "workload.arrival"));
    assertThat(enumOf("LengthSpec", "distribution"))
        .isEqualTo(allowed(spec, "{workload: {input_tokens: {distribution: %s}}}", "workload.input_tokens.distribution"));
  }

  @Test
  void theSheetSchemaHasTheFieldsAndValuesTheSheetReaderAccepts() {
    Consumer<String> sheet = SheetReader::parse;
    String base = "workload: {rate: 1}, candidates: {models: [llama-3.1-8b]}";
    assertThat(properties(schema("WorkloadSheet"))).isEqualTo(knownFields(sheet, "{" + base + ", %s}"));
    assertThat(properties(schema("SheetSlo"))).isEqualTo(knownFields(sheet, "{" + base + ", slo: {%s}}"));
    assertThat(properties(schema("Candidates")))
        .isEqualTo(knownFields(sheet, "{workload: {rate: 1}, candidates: {models: [llama-3.1-8b], %s}}"));
    assertThat(properties(schema("SheetPricing"))).isEqualTo(knownFields(sheet, "{" + base + ", pricing: {%s}}"));
    assertThat(properties(schema("PeakBilling"))).isEqualTo(knownFields(sheet, "{" + base + ", peak_billing: {%s}}"));
    assertThat(properties(schema("SheetCalibration")))
        .isEqualTo(knownFields(sheet, "{" + base + ", calibrations: [{profile: p, %s}]}"))
        .isEqualTo(jsonNames(SheetCalibration.class));
    assertThat(schema("WorkloadSheet").path("properties").path("workload").path("$ref").asText())
        .isEqualTo("#/components/schemas/WorkloadSpec");

    assertThat(enumOf("WorkloadSheet", "privacy")).isEqualTo(allowed(sheet, "{" + base + ", privacy: %s}", "privacy"));
    assertThat(values(schema("PricingTier").path("enum"))).isEqualTo(allowed(sheet, "{" + base + ", pricing: %s}", "pricing"))
        .isEqualTo(PricingTier.sheetTiers().stream().map(PricingTier::id).toList());
    assertThat(values(schema("Candidates").at("/properties/weights_dtypes/items/enum")))
        .isEqualTo(allowed(sheet, "{workload: {rate: 1}, candidates: {models: [llama-3.1-8b], weights_dtypes: [%s]}}",
            "candidates.weights_dtypes[0]", "candidates.weights_dtypes"));
  }

  // ---- results against the records that write them -----------------------------------------

  @Test
  void theResultSchemasHaveTheKeysTheResultRecordsWrite() {
    assertThat(properties(schema("ResultMetrics"))).isEqualTo(new TreeSet<>(ResultMetrics.KEYS));
    assertThat(properties(schema("SimulationResult"))).isEqualTo(jsonNames(SimulationResult.class));
    assertThat(properties(schema("MemoryPlan"))).isEqualTo(jsonNames(MemoryPlan.class));
    assertThat(properties(schema("Recommendation"))).isEqualTo(jsonNames(Recommendation.class));
    assertThat(properties(schema("RunSummary"))).isEqualTo(jsonNames(RunView.class))
        .isEqualTo(properties(schema("SimulationRun"))).isEqualTo(properties(schema("RecommendationRun")))
        .isEqualTo(properties(schema("SweepRun")));
    assertThat(properties(schema("RateSweep"))).isEqualTo(jsonNames(io.serveplan.cost.capacity.RateSweep.class));
    assertThat(properties(schema("SweepPoint"))).isEqualTo(jsonNames(io.serveplan.cost.capacity.CapacityPoint.class));
    assertThat(properties(schema("RunPage"))).isEqualTo(jsonNames(RunPageView.class));
    assertThat(values(schema("RunStatus").path("enum")))
        .isEqualTo(Arrays.stream(RunStatus.values()).map(RunStatus::id).toList());
  }

  // ---- the resource classes, as annotation discovery finds them ---------------------------

  /** Every concrete {@code @Path} class under {@code io.serveplan.web} in the web module's classes. */
  static List<Class<?>> resourceClasses() {
    try {
      java.nio.file.Path root = java.nio.file.Path.of(RestApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      java.nio.file.Path web = root.resolve("io/serveplan/web");
      List<Class<?>> out = new ArrayList<>();
      try (Stream<java.nio.file.Path> files = Files.walk(web)) {
        for (java.nio.file.Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
          String name = root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
          if (name.startsWith("io.serveplan.web.db.schema")) {
            continue;
          }
          Class<?> c = Class.forName(name, false, OpenApiDocumentTest.class.getClassLoader());
          if (c.isAnnotationPresent(Path.class) && !Modifier.isAbstract(c.getModifiers()) && !c.isInterface()) {
            out.add(c);
          }
        }
      }
      return out;
    } catch (IOException | URISyntaxException | ClassNotFoundException e) {
      throw new IllegalStateException("cannot list the web module's classes", e);
    }
  }

  /** {@code "GET /simulations/{id}"} for each resource method (a template regex {@code a|b} expands). */
  static Set<String> operations(List<Class<?>> resources) {
    Set<String> out = new TreeSet<>();
    for (Class<?> c : resources) {
      for (Method m : c.getMethods()) {
        String http = httpMethod(m);
        if (http == null) {
          if (m.isAnnotationPresent(Path.class)) {
            fail(c.getSimpleName() + "." + m.getName() + " is a sub-resource locator; this test does not follow those");
          }
          continue;
        }
        for (String path : expand(join(c.getAnnotation(Path.class).value(), m.getAnnotation(Path.class)))) {
          out.add(http + " " + path);
        }
      }
    }
    return out;
  }

  static Map<String, Set<String>> pathParams(List<Class<?>> resources) {
    Map<String, Set<String>> out = new HashMap<>();
    for (Class<?> c : resources) {
      for (Method m : c.getMethods()) {
        String http = httpMethod(m);
        if (http == null) {
          continue;
        }
        Set<String> names = new TreeSet<>();
        for (Parameter p : m.getParameters()) {
          if (p.isAnnotationPresent(PathParam.class)) {
            names.add(p.getAnnotation(PathParam.class).value());
          }
        }
        for (String path : expand(join(c.getAnnotation(Path.class).value(), m.getAnnotation(Path.class)))) {
          Set<String> literal = new TreeSet<>(names);
          literal.retainAll(templateNames(path));  // a parameter expanded into literal paths is not a template any more
          out.put(http + " " + path, literal);
        }
      }
    }
    return out;
  }

  private static String httpMethod(Method m) {
    for (Annotation a : m.getAnnotations()) {
      HttpMethod h = a.annotationType().getAnnotation(HttpMethod.class);
      if (h != null) {
        return h.value();
      }
    }
    return null;
  }

  private static String join(String classPath, Path methodPath) {
    String p = "/" + classPath + (methodPath == null ? "" : "/" + methodPath.value());
    p = p.replaceAll("/+", "/");
    return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  private static final Pattern TEMPLATE = Pattern.compile("\\{\\s*([A-Za-z_][A-Za-z0-9_.-]*)\\s*(?::\\s*([^}]*))?}");

  /** {@code {kind: gpus|models}} becomes one path per alternative; any other regex just {@code {kind}}. */
  static List<String> expand(String path) {
    Matcher m = TEMPLATE.matcher(path);
    while (m.find()) {
      String regex = m.group(2);
      if (regex != null && regex.trim().matches("[a-z0-9-]+(\\|[a-z0-9-]+)+")) {
        List<String> out = new ArrayList<>();
        for (String alt : regex.trim().split("\\|")) {
          out.addAll(expand(path.substring(0, m.start()) + alt + path.substring(m.end())));
        }
        return out;
      }
      if (regex != null) {
        return expand(path.substring(0, m.start()) + "{" + m.group(1) + "}" + path.substring(m.end()));
      }
    }
    return List.of(path);
  }

  private static Set<String> templateNames(String path) {
    Set<String> out = new TreeSet<>();
    Matcher m = TEMPLATE.matcher(path);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** A resource with methods the document does not have. */
  @Path("/")
  public static class UndocumentedResource {
    @jakarta.ws.rs.GET
    @Path("simulations/{id}/undocumented")
    public String extra(@PathParam("id") String id) {
      return id;
    }

    @jakarta.ws.rs.POST
    @Path("undocumented")
    public String other() {
      return "";
    }
  }

  // ---- the document ------------------------------------------------------------------------

  static Set<String> documentedOperations(JsonNode doc) {
    Set<String> out = new TreeSet<>();
    doc.path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> {
      if (HTTP_METHODS.contains(m)) {
        out.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey());
      }
    }));
    return out;
  }

  private static void forEachOperation(java.util.function.BiConsumer<String, JsonNode> check) {
    doc.path("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(m -> {
      if (HTTP_METHODS.contains(m.getKey())) {
        check.accept(m.getKey().toUpperCase(Locale.ROOT) + " " + p.getKey(), m.getValue());
      }
    }));
  }

  /** A {@code $ref} within this document, followed (once or more). */
  private static JsonNode resolve(JsonNode node) {
    JsonNode n = node;
    while (n.has("$ref")) {
      String ref = n.path("$ref").asText();
      assertThat(ref).as("local reference").startsWith("#/");
      n = doc.at(ref.substring(1));
      assertThat(n.isMissingNode()).as(ref + " exists").isFalse();
    }
    return n;
  }

  private static JsonNode schema(String name) {
    JsonNode s = doc.path("components").path("schemas").path(name);
    assertThat(s.isMissingNode()).as("schema " + name).isFalse();
    return s;
  }

  private static Set<String> properties(JsonNode schema) {
    Set<String> out = new TreeSet<>();
    schema.path("properties").fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static List<String> enumOf(String schema, String property) {
    return values(resolve(schema(schema).path("properties").path(property)).path("enum"));
  }

  private static List<String> values(JsonNode array) {
    assertThat(array.isArray()).as("an enum").isTrue();
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  private static String bodySchema(String path) {
    JsonNode body = resolve(doc.path("paths").path(path).path("post").path("requestBody"));
    String json = body.path("content").path("application/json").path("schema").path("$ref").asText();
    assertThat(body.path("content").path("application/yaml").path("schema").path("$ref").asText())
        .as(path + " takes the same document as YAML").isEqualTo(json);
    return json;
  }

  // ---- the readers, asked -----------------------------------------------------------------

  /** The fields a reader knows at the {@code %s} of {@code template}: the allowed list of an unknown field. */
  private static Set<String> knownFields(Consumer<String> reader, String template) {
    FieldError e = errorAt(reader, template.formatted(PROBE + ": 1"), PROBE);
    assertThat(e.message()).as("the reader refuses " + PROBE).startsWith("unknown field");
    return new TreeSet<>(e.allowed());
  }

  /** The allowed values a reader names when {@code field} has a value it does not accept. */
  private static List<String> allowed(Consumer<String> reader, String template, String... field) {
    String text = template.formatted("zz-not-a-value");
    List<FieldError> errors = errors(reader, text);
    return errors.stream().filter(e -> List.of(field).contains(e.field())).findFirst()
        .map(FieldError::allowed)
        .orElseThrow(() -> new AssertionError("no error for " + List.of(field) + " in " + text + ": " + errors));
  }

  private static FieldError errorAt(Consumer<String> reader, String text, String suffix) {
    List<FieldError> errors = errors(reader, text);
    return errors.stream().filter(e -> e.field().endsWith(suffix)).findFirst()
        .orElseThrow(() -> new AssertionError("no error for " + suffix + " in " + text + ": " + errors));
  }

  private static List<FieldError> errors(Consumer<String> reader, String text) {
    try {
      reader.accept(text);
    } catch (DocumentException e) {
      return e.errors();
    }
    throw new AssertionError("the reader accepted " + text);
  }

  /** The JSON names of a record's components: {@code @JsonProperty}, else snake_case. */
  static Set<String> jsonNames(Class<?> record) {
    Set<String> out = new TreeSet<>();
    for (RecordComponent c : record.getRecordComponents()) {
      JsonProperty p = c.getAccessor().getAnnotation(JsonProperty.class);
      if (p == null && c.getAnnotation(JsonProperty.class) != null) {
        p = c.getAnnotation(JsonProperty.class);
      }
      out.add(p != null && !p.value().isEmpty() ? p.value() : snake(c.getName()));
    }
    return out;
  }

  private static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  private static Set<String> difference(Set<String> a, Set<String> b) {
    Set<String> out = new LinkedHashSet<>(a);
    out.removeAll(b);
    return out;
  }
}
