package io.serveplan.simulator.workload;

import io.serveplan.simulator.spec.SpecException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A recorded workload: per request its arrival time (seconds from the first request), prompt length
 * and output length, sorted by arrival. Immutable (accessors copy; the package reads the arrays).
 *
 * <p>Formats, recognised by header: the Azure LLM inference trace ({@code TIMESTAMP,ContextTokens,
 * GeneratedTokens}), a plain CSV ({@code arrival_s,input_tokens,output_tokens}) and JSON lines with
 * the same three keys. Built-in traces ({@link #BUILTIN}) ship as classpath resources, with their
 * attribution in {@code traces/README.md} beside them (CC-BY 4.0, Azure Public Dataset; Patel et
 * al., Splitwise, ISCA 2024).
 */
public final class Trace {

  /** Built-in trace names, as specs write them. */
  public static final List<String> BUILTIN = List.of("azure-conv-2023", "azure-code-2023");

  // NOTE: parsed built-in traces are immutable and shared, so a cache is safe here.
  private static final Map<String, Trace> CACHE = new ConcurrentHashMap<>();

  private final String name;
  final double[] arrivalS;
  final int[] inputTokens;
  final int[] outputTokens;

  Trace(String name, double[] arrivalS, int[] inputTokens, int[] outputTokens) {
    this.name = name;
    this.arrivalS = arrivalS;
    this.inputTokens = inputTokens;
    this.outputTokens = outputTokens;
  }

  public String name() {
    return name;
  }

  public int size() {
    return arrivalS.length;
  }

  public double arrivalS(int i) {
    return arrivalS[i];
  }

  public int inputTokens(int i) {
    return inputTokens[i];
  }

  public int outputTokens(int i) {
    return outputTokens[i];
  }

  /** Seconds from the first arrival to the last. */
  public double spanS() {
    return arrivalS.length == 0 ? 0 : arrivalS[arrivalS.length - 1];
  }

  /**
   * A built-in trace by name, or a file path.
   *
   * @param field the spec field that named it, for the error message
   */
  public static Trace load(String nameOrPath, String field) {
    if (BUILTIN.contains(nameOrPath)) {
      return CACHE.computeIfAbsent(nameOrPath, Trace::loadBuiltin);
    }
    Path p = Path.of(nameOrPath);
    if (!Files.isRegularFile(p)) {
      throw new SpecException(field, "no built-in trace or readable file named '" + nameOrPath + "'",
          BUILTIN);
    }
    try (Reader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
      return read(p.getFileName().toString(), r, field);
    } catch (IOException e) {
      throw new SpecException(field, "cannot read " + p + ": " + e.getMessage());
    }
  }

  private static Trace loadBuiltin(String name) {
    String res = "/io/serveplan/simulator/traces/" + name + ".csv";
    try (InputStream in = Trace.class.getResourceAsStream(res)) {
      if (in == null) {
        throw new IllegalStateException("built-in trace resource missing: " + res);
      }
      return read(name, new InputStreamReader(in, StandardCharsets.UTF_8), "workload.trace");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read built-in trace " + res, e);
    }
  }

  /** Reads any supported format from a reader (the first non-blank line decides which). */
  public static Trace read(String name, Reader reader, String field) throws IOException {
    BufferedReader br = reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
    String first = br.readLine();
    while (first != null && first.isBlank()) {
      first = br.readLine();
    }
    if (first == null) {
      throw new SpecException(field, "trace '" + name + "' is empty");
    }
    TraceBuilder b = new TraceBuilder(name, field);
    String header = first.trim().toLowerCase(Locale.ROOT);
    if (header.startsWith("{")) {
      b.jsonLine(first, 1);
      readLines(br, b, 2, true);
    } else if (header.startsWith("timestamp,")) {
      b.expectAzure(first);
      readLines(br, b, 2, false);
    } else if (header.startsWith("arrival_s,")) {
      b.expectPlain(first);
      readLines(br, b, 2, false);
    } else {
      throw new SpecException(field, "trace '" + name + "': unknown format; the first line must be"
          + " a header 'TIMESTAMP,ContextTokens,GeneratedTokens' (Azure) or"
          + " 'arrival_s,input_tokens,output_tokens', or a JSON line with those keys");
    }
    return b.build();
  }

  private static void readLines(BufferedReader br, TraceBuilder b, int lineNo, boolean json)
      throws IOException {
    for (String line = br.readLine(); line != null; line = br.readLine(), lineNo++) {
      if (line.isBlank()) {
        continue;
      }
      if (json) {
        b.jsonLine(line, lineNo);
      } else {
        b.csvLine(line, lineNo);
      }
    }
  }

  /** Seconds since 1970-01-01 of an Azure timestamp {@code yyyy-MM-dd HH:mm:ss.fffffff}. */
  static double parseAzureTimestamp(String s) {
    String t = s.trim();
    if (t.length() < 19 || t.charAt(10) != ' ' && t.charAt(10) != 'T') {
      throw new NumberFormatException("not a timestamp: " + s);
    }
    long day = LocalDate.parse(t.substring(0, 10)).toEpochDay();
    int h = Integer.parseInt(t.substring(11, 13));
    int m = Integer.parseInt(t.substring(14, 16));
    double sec = Double.parseDouble(t.substring(17));
    return day * 86_400.0 + h * 3600 + m * 60 + sec;
  }

  @Override
  public String toString() {
    return "Trace[" + name + ", " + size() + " requests, " + spanS() + " s]";
  }

  double[] sortedArrivals() {
    return Arrays.copyOf(arrivalS, arrivalS.length);
  }
}
