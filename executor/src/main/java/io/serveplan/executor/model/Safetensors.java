package io.serveplan.executor.model;

import io.serveplan.executor.ExecutorException;
import io.serveplan.hardware.document.JsonCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the safetensors format:
 *
 * <pre>
 *  | u64 little-endian N | N bytes of JSON header | raw tensor data ........................ |
 *  header: {"name": {"dtype": "BF16", "shape": [rows, cols], "data_offsets": [begin, end]}, ...,
 *           "__metadata__": {"format": "pt"}}     offsets are relative to the end of the header
 * </pre>
 *
 * Supported storage types: F32, F16, BF16 (read widened to fp32; written from fp32, exactly for
 * F32 and with round-to-nearest-even for the 16-bit types). Not thread-safe per file; stateless.
 */
public final class Safetensors {

  /** The storage types this reader and writer handle. */
  public static final List<String> DTYPES = List.of("F32", "F16", "BF16");

  private static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

  private Safetensors() {}

  /** Every tensor of the file, in header order. */
  public static Map<String, SafetensorsTensor> read(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, lengthBytes, 0);
      long headerLength = lengthBytes.getLong(0);
      if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > ch.size()) {
        throw new ExecutorException(file + ": not a safetensors file (header length " + headerLength + ")");
      }
      ByteBuffer header = ByteBuffer.allocate((int) headerLength);
      readFully(ch, header, 8);
      Map<String, Object> root;
      try {
        root = JsonCodec.readObject(new String(header.array(), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new ExecutorException(file + ": the safetensors header is not a JSON object: " + e.getMessage(), e);
      }
      long dataStart = 8 + headerLength;
      Map<String, SafetensorsTensor> tensors = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : root.entrySet()) {
        if (e.getKey().equals("__metadata__")) {
          continue;
        }
        if (!(e.getValue() instanceof Map<?, ?> info)) {
          throw new ExecutorException(file + ": tensor " + e.getKey() + " has no {dtype, shape, data_offsets} entry");
        }
        tensors.put(e.getKey(), readTensor(file, ch, e.getKey(), info, dataStart));
      }
      return tensors;
    } catch (IOException e) {
      throw new ExecutorException("cannot read safetensors file " + file + ": " + e.getMessage(), e);
    }
  }

  private static SafetensorsTensor readTensor(Path file, FileChannel ch, String name, Map<?, ?> info, long dataStart)
      throws IOException {
    String dtype = String.valueOf(info.get("dtype"));
    if (!DTYPES.contains(dtype)) {
      throw new ExecutorException(file + ": tensor " + name + " has dtype " + dtype
          + "; supported: " + DTYPES + " (convert the checkpoint to bf16/fp16/fp32)");
    }
    List<?> shapeList = info.get("shape") instanceof List<?> l ? l : List.of();
    long[] shape = new long[shapeList.size()];
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      shape[i] = shapeList.get(i) instanceof Number d ? d.longValue() : -1;
      count *= shape[i];
    }
    List<?> offsets = info.get("data_offsets") instanceof List<?> l ? l : List.of();
    long begin = offsets.size() == 2 && offsets.get(0) instanceof Number b ? b.longValue() : -1;
    long end = offsets.size() == 2 && offsets.get(1) instanceof Number e ? e.longValue() : -1;
    int elementBytes = dtype.equals("F32") ? 4 : 2;
    boolean badShape = java.util.Arrays.stream(shape).anyMatch(d -> d < 0);
    if (badShape || begin < 0 || end - begin != count * elementBytes || dataStart + end > ch.size() || count > Integer.MAX_VALUE - 8) {
      throw new ExecutorException(file + ": tensor " + name + " offsets [" + begin + ", " + end
          + ") do not match its shape and dtype");
    }
    float[] values = new float[(int) count];
    MappedByteBuffer buf = ch.map(FileChannel.MapMode.READ_ONLY, dataStart + begin, end - begin);
    buf.order(ByteOrder.LITTLE_ENDIAN);
    switch (dtype) {
      case "F32" -> buf.asFloatBuffer().get(values);
      case "BF16" -> {
        for (int i = 0; i < values.length; i++) {
          values[i] = Float.intBitsToFloat((buf.getShort(2 * i) & 0xffff) << 16);
        }
      }
      default -> {
        for (int i = 0; i < values.length; i++) {
          values[i] = halfToFloat(buf.getShort(2 * i));
        }
      }
    }
    return new SafetensorsTensor(dtype, shape, values);
  }

  /** Writes the tensors in map order, each in its own dtype, with an 8-byte aligned header. */
  public static void write(Path file, Map<String, SafetensorsTensor> tensors) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("__metadata__", Map.of("format", "pt"));
    long offset = 0;
    for (Map.Entry<String, SafetensorsTensor> e : tensors.entrySet()) {
      SafetensorsTensor t = e.getValue();
      long bytes = (long) t.values().length * (t.dtype().equals("F32") ? 4 : 2);
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("dtype", t.dtype());
      info.put("shape", java.util.Arrays.stream(t.shape()).boxed().toList());
      info.put("data_offsets", List.of(offset, offset + bytes));
      header.put(e.getKey(), info);
      offset += bytes;
    }
    byte[] json = JsonCodec.writeCompact(header);
    int padded = (json.length + 7) / 8 * 8;
    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
      head.putLong(padded).put(json);
      while (head.hasRemaining()) {
        head.put((byte) ' ');
      }
      out.write(head.array());
      for (SafetensorsTensor t : tensors.values()) {
        writeValues(out, t);
      }
    } catch (IOException e) {
      throw new ExecutorException("cannot write safetensors file " + file + ": " + e.getMessage(), e);
    }
  }

  private static void writeValues(OutputStream out, SafetensorsTensor t) throws IOException {
    boolean f32 = t.dtype().equals("F32");
    ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : t.values()) {
      if (chunk.remaining() < 4) {
        out.write(chunk.array(), 0, chunk.position());
        chunk.clear();
      }
      if (f32) {
        chunk.putFloat(v);
      } else if (t.dtype().equals("BF16")) {
        chunk.putShort(floatToBf16(v));
      } else {
        chunk.putShort(floatToHalf(v));
      }
    }
    out.write(chunk.array(), 0, chunk.position());
  }

  private static void readFully(FileChannel ch, ByteBuffer dst, long position) throws IOException {
    long pos = position;
    while (dst.hasRemaining()) {
      int n = ch.read(dst, pos);
      if (n < 0) {
        throw new IOException("unexpected end of file at byte " + pos);
      }
      pos += n;
    }
  }

  /** bf16 bits of v, rounded to nearest even (NaN stays NaN). */
  static short floatToBf16(float v) {
    int bits = Float.floatToRawIntBits(v);
    if (Float.isNaN(v)) {
      return (short) ((bits >>> 16) | 0x40);
    }
    int rounding = 0x7fff + ((bits >>> 16) & 1);
    return (short) ((bits + rounding) >>> 16);
  }

  /** IEEE half-precision bits to float (exact). */
  static float halfToFloat(short h) {
    int bits = h & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1f;
    int mant = bits & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      float f = mant * 0x1p-24f;
      return sign == 0 ? f : -f;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  /** float to IEEE half-precision bits, round to nearest even, overflow to infinity. */
  static short floatToHalf(float v) {
    int bits = Float.floatToRawIntBits(v);
    int sign = (bits >>> 16) & 0x8000;
    if (Float.isNaN(v)) {
      return (short) (sign | 0x7e00);
    }
    float abs = Math.abs(v);
    if (abs >= 65520f) {
      return (short) (sign | 0x7c00);
    }
    if (abs < 0x1p-14f) {
      // Subnormal half: value = mant · 2^-24; Math.rint rounds half to even.
      return (short) (sign | (int) Math.rint(abs * 0x1p24f));
    }
    int absBits = bits & 0x7fffffff;
    int exp = (absBits >>> 23) - 127 + 15;
    int mant = absBits & 0x7fffff;
    int half = (exp << 10) | (mant >>> 13);
    int rest = mant & 0x1fff;
    if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
      half++;
    }
    return (short) (sign | half);
  }
}
