package io.leadstream.imports;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Turns a file's bytes into text, strictly: UTF-8 (with or without a byte order mark), UTF-16 with
 * a byte order mark (Excel's "Unicode text"), or the charset the caller names. Bytes that are not
 * valid in the charset stop the import with the line and byte where they are, instead of becoming
 * replacement characters in a lead.
 */
final class TextDecoder {

  private static final char BOM = '\uFEFF';

  private TextDecoder() {}

  static String decode(byte[] bytes, Optional<Charset> charset) throws ImportFileException {
    if (charset.isPresent()) {
      return stripBom(strict(bytes, 0, charset.get(), charset.get().displayName()));
    }
    if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
      return strict(bytes, 3, StandardCharsets.UTF_8, "UTF-8");
    }
    if (startsWith(bytes, 0xFF, 0xFE) || startsWith(bytes, 0xFE, 0xFF)) {
      // Java's UTF-16 reads the byte order mark and drops it.
      return strict(bytes, 0, StandardCharsets.UTF_16, "UTF-16");
    }
    int probe = Math.min(bytes.length, 4096);
    for (int i = 0; i < probe; i++) {
      if (bytes[i] == 0) {
        throw new ImportFileException(
            "the file holds NUL bytes (byte "
                + i
                + "): it looks like UTF-16 or UTF-32 without a byte order mark, or is not a text"
                + " file; save it as UTF-8 (Excel: CSV UTF-8) or pass --charset");
      }
    }
    return strict(bytes, 0, StandardCharsets.UTF_8, "UTF-8");
  }

  static String stripBom(String text) {
    return !text.isEmpty() && text.charAt(0) == BOM ? text.substring(1) : text;
  }

  private static String strict(byte[] bytes, int offset, Charset charset, String name)
      throws ImportFileException {
    CharsetDecoder decoder =
        charset
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, offset, bytes.length - offset);
    CharBuffer out = CharBuffer.allocate((int) (bytes.length * (double) decoder.maxCharsPerByte()));
    var result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int at = in.position();
      throw new ImportFileException(
          "not valid "
              + name
              + " at line "
              + lineOf(bytes, offset, at)
              + " (byte "
              + at
              + ")"
              + (charset.equals(StandardCharsets.UTF_8)
                  ? ": the file is probably in a legacy encoding such as Windows-1252 (Latin-1);"
                      + " save it as UTF-8 (Excel: CSV UTF-8) or pass --charset windows-1252"
                  : ""));
    }
    out.flip();
    return out.toString();
  }

  private static int lineOf(byte[] bytes, int from, int to) {
    int line = 1;
    for (int i = from; i < to && i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        line++;
      }
    }
    return line;
  }

  private static boolean startsWith(byte[] bytes, int... prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((bytes[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
