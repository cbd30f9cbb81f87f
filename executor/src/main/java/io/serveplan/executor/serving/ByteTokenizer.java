package io.serveplan.executor.serving;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Text to token ids and back without a vocabulary file: each UTF-8 byte is the Llama / SentencePiece
 * byte-fallback token {@code <0xNN>} (ids 3..258), after the BOS token (id 1). Token-id prompts
 * bypass it; it exists so that text prompts and chat messages get a prompt of a known length
 * (one token per byte), and output tokens outside the byte range print as {@code <|id|>}.
 * Stateless; thread-safe.
 */
final class ByteTokenizer {

  static final int BOS = 1;
  static final int FIRST_BYTE = 3;

  private ByteTokenizer() {}

  static int[] encode(String text, int vocabSize) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int[] ids = new int[bytes.length + 1];
    ids[0] = BOS;
    for (int i = 0; i < bytes.length; i++) {
      ids[i + 1] = Math.min(FIRST_BYTE + (bytes[i] & 0xff), vocabSize - 1);
    }
    return ids;
  }

  /** One token's text; a byte that starts or continues a multi-byte character prints on its own. */
  static String decode(int tokenId) {
    if (tokenId >= FIRST_BYTE && tokenId < FIRST_BYTE + 256) {
      int b = tokenId - FIRST_BYTE;
      if (b < 0x80) {
        return String.valueOf((char) b);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(b);
      return out.toString(StandardCharsets.ISO_8859_1);
    }
    return "<|" + tokenId + "|>";
  }
}
