package io.serveplan.executor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serveplan.executor.ExecutorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {

  @TempDir Path dir;

  private final SplittableRandom random = new SplittableRandom(7);

  @Test
  void fp32TensorsWrittenByTheTestLoadBackBitForBit() {
    float[] a = randomValues(3 * 5);
    a[0] = Float.NaN;
    a[1] = -0f;
    a[2] = Float.MIN_VALUE;
    float[] b = randomValues(7);
    Map<String, SafetensorsTensor> tensors = new LinkedHashMap<>();
    tensors.put("layer.weight", new SafetensorsTensor("F32", new long[] {3, 5}, a));
    tensors.put("norm", new SafetensorsTensor("F32", new long[] {7}, b));
    Path file = dir.resolve("t.safetensors");
    Safetensors.write(file, tensors);

    Map<String, SafetensorsTensor> back = Safetensors.read(file);

    assertThat(back.keySet()).containsExactly("layer.weight", "norm");
    assertThat(back.get("layer.weight").shape()).containsExactly(3, 5);
    assertBitsEqual(back.get("layer.weight").values(), a);
    assertBitsEqual(back.get("norm").values(), b);
  }

  @Test
  void sixteenBitTensorsRoundTripExactlyOnceRounded() {
    float[] values = randomValues(33);
    for (String dtype : new String[] {"BF16", "F16"}) {
      Path first = dir.resolve(dtype + "-1.safetensors");
      Safetensors.write(first, Map.of("w", new SafetensorsTensor(dtype, new long[] {33}, values)));
      float[] rounded = Safetensors.read(first).get("w").values();
      for (int i = 0; i < values.length; i++) {
        assertThat((double) rounded[i]).isCloseTo(values[i], org.assertj.core.data.Offset.offset(Math.abs(values[i]) * 0.01));
      }
      Path second = dir.resolve(dtype + "-2.safetensors");
      Safetensors.write(second, Map.of("w", new SafetensorsTensor(dtype, new long[] {33}, rounded)));
      assertBitsEqual(Safetensors.read(second).get("w").values(), rounded);
    }
  }

  @Test
  void headerIsAlignedAndDataStartsRightAfterIt() throws IOException {
    Path file = dir.resolve("a.safetensors");
    Safetensors.write(file, Map.of("x", new SafetensorsTensor("F32", new long[] {2}, new float[] {1f, 2f})));
    byte[] bytes = Files.readAllBytes(file);
    long headerLength = java.nio.ByteBuffer.wrap(bytes, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(headerLength % 8).isZero();
    assertThat(bytes.length).isEqualTo(8 + headerLength + 8);
  }

  @Test
  void halfPrecisionConversionsAreExactOnRepresentableValues() {
    for (int bits = 0; bits < 0x10000; bits++) {
      short h = (short) bits;
      float f = Safetensors.halfToFloat(h);
      if (!Float.isNaN(f)) {
        assertThat(Safetensors.floatToHalf(f)).isEqualTo(h);
      }
    }
  }

  @Test
  void aFileThatIsNotSafetensorsIsRejectedWithItsName() throws IOException {
    Path file = dir.resolve("bad.safetensors");
    Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
    assertThatThrownBy(() -> Safetensors.read(file)).isInstanceOf(ExecutorException.class).hasMessageContaining("bad.safetensors");
  }

  @Test
  void checkpointInHuggingFaceLayoutLoadsBackTheSameWeights() {
    ModelConfig config = new ModelConfig(24, 40, 2, 4, 2, 6, 50, 64, 10000f, 1e-5f, false);
    ModelWeights weights = ModelWeights.random(config, 11);
    HfCheckpoint.write(dir.resolve("ckpt"), weights, "F32");

    ModelWeights back = HfCheckpoint.load(dir.resolve("ckpt"));

    assertThat(back.config()).isEqualTo(config);
    assertBitsEqual(back.layers().get(1).wDown(), weights.layers().get(1).wDown());
    assertBitsEqual(back.lmHead(), weights.lmHead());
    assertBitsEqual(back.tokenEmbedding(), weights.tokenEmbedding());
  }

  private float[] randomValues(int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) random.nextGaussian();
    }
    return a;
  }

  private static void assertBitsEqual(float[] actual, float[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      assertThat(Float.floatToRawIntBits(actual[i])).as("index %d", i).isEqualTo(Float.floatToRawIntBits(expected[i]));
    }
  }
}
