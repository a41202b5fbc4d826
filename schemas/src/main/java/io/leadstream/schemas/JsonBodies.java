package io.leadstream.schemas;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.CharConversionException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Checks that a body is one well-formed JSON object, fast and without building a tree; this is all
 * the gateway checks before it makes a lead durable. Reasons say what is wrong and where (line and
 * column) but never quote the input, which may hold personal data.
 */
public final class JsonBodies {

  /** Deeper nesting than this is not a lead; it also bounds the parser's stack. */
  public static final int MAX_NESTING_DEPTH = 64;

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_NESTING_DEPTH)
                  .maxStringLength(4 * 1024 * 1024)
                  .maxNumberLength(1000)
                  .build())
          .build();

  /** Why a body is not a well-formed JSON object. */
  public enum Problem {
    EMPTY_BODY,
    MALFORMED_JSON,
    NOT_AN_OBJECT,
    TRAILING_CONTENT,
    TOO_DEEP
  }

  /** A rejected body: a problem code and a message safe to show and to log. */
  public record Rejection(Problem problem, String detail) {}

  /** The Jackson factory with Leadstream's read limits; share it, it is thread-safe. */
  public static JsonFactory factory() {
    return FACTORY;
  }

  /** Empty when {@code body} is exactly one well-formed JSON object, else why not. */
  public static Optional<Rejection> checkObject(byte[] body) {
    if (body == null || body.length == 0) {
      return Optional.of(emptyBody(false));
    }
    Optional<Rejection> encoding = checkUtf8(body);
    if (encoding.isPresent()) {
      return encoding;
    }
    try (JsonParser parser = FACTORY.createParser(body)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return Optional.of(emptyBody(true));
      }
      if (first != JsonToken.START_OBJECT) {
        return Optional.of(notAnObject(first, parser.currentTokenLocation()));
      }
      int depth = 1;
      while (depth > 0) {
        JsonToken token = parser.nextToken();
        if (token == null) {
          return Optional.of(malformed(parser.currentLocation(), "unexpected end of input"));
        }
        switch (token) {
          case START_OBJECT, START_ARRAY -> depth++;
          case END_OBJECT, END_ARRAY -> depth--;
          // Decode every name and string so that invalid UTF-8 is caught here, not downstream.
          case FIELD_NAME, VALUE_STRING -> parser.getTextLength();
          default -> {}
        }
      }
      JsonLocation end = parser.currentLocation();
      if (parser.nextToken() != null) {
        return Optional.of(trailingContent(end));
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(describe(e));
    }
  }

  /**
   * Empty when {@code body} is well-formed UTF-8 (RFC 3629), else where it is not. Jackson's own
   * decoder refuses most broken sequences but decodes overlong forms ({@code C0 AF} for {@code /})
   * and code points above U+10FFFF instead of refusing them; the JDK's decoder is strict, so every
   * body goes through it first (after a scan that lets pure ASCII, the common case, through).
   */
  public static Optional<Rejection> checkUtf8(byte[] body) {
    int i = 0;
    while (i < body.length && body[i] >= 0) {
      i++;
    }
    if (i == body.length) {
      return Optional.empty();
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(body, i, body.length - i);
    CharBuffer out = CharBuffer.allocate(body.length - i);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (!result.isError()) {
      return Optional.empty();
    }
    int at = in.position();
    int line = 1;
    int lineStart = 0;
    for (int b = 0; b < at; b++) {
      if (body[b] == '\n') {
        line++;
        lineStart = b + 1;
      }
    }
    return Optional.of(
        new Rejection(
            Problem.MALFORMED_JSON,
            "broken JSON at line "
                + line
                + ", column "
                + (at - lineStart + 1)
                + ": invalid UTF-8 byte sequence"));
  }

  /**
   * A safe description of any failure while reading a body with {@link #factory()}: Jackson parse
   * errors (what and where), read limits, invalid UTF-8; never the input text.
   */
  public static Rejection describe(IOException e) {
    if (e instanceof JsonProcessingException jpe) {
      return describe(jpe);
    }
    if (e instanceof CharConversionException) {
      return new Rejection(Problem.MALFORMED_JSON, "broken JSON: the body is not valid UTF-8");
    }
    // Reading from a byte array does no I/O; any other failure is still a malformed body.
    return new Rejection(Problem.MALFORMED_JSON, "broken JSON: unreadable body");
  }

  /** The rejection of an empty body, or of one holding only whitespace. */
  static Rejection emptyBody(boolean whitespaceOnly) {
    return new Rejection(
        Problem.EMPTY_BODY,
        whitespaceOnly ? "the body holds only whitespace, no JSON value" : "the body is empty");
  }

  /** The rejection of a well-formed value that is not an object, e.g. a JSON array. */
  static Rejection notAnObject(JsonToken first, JsonLocation location) {
    return new Rejection(
        Problem.NOT_AN_OBJECT,
        "expected a JSON object, got " + describe(first) + " " + where(location));
  }

  /** The rejection of content after the lead object. */
  static Rejection trailingContent(JsonLocation end) {
    return new Rejection(
        Problem.TRAILING_CONTENT,
        "unexpected content after the JSON object, "
            + where(end)
            + ": send exactly one lead object per request");
  }

  /**
   * A safe description of a Jackson parse failure: what kind of error and where, never the input
   * text that Jackson's own messages quote.
   */
  public static Rejection describe(JsonProcessingException e) {
    if (e instanceof StreamConstraintsException) {
      return new Rejection(
          Problem.TOO_DEEP,
          "the JSON is nested deeper than "
              + MAX_NESTING_DEPTH
              + " levels or holds a value over the size limit");
    }
    String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    String what;
    // Specific phrases first: Jackson's "Unexpected character" messages say what was expected.
    if (original.startsWith("Unexpected end-of-input")) {
      what = "unexpected end of input";
    } else if (original.contains("Invalid UTF-8")) {
      what = "invalid UTF-8 byte sequence";
    } else if (original.contains("was expecting double-quote to start field name")) {
      what = "a property name must be a double-quoted string";
    } else if (original.contains("was expecting comma")) {
      what = "missing comma between values";
    } else if (original.contains("was expecting a colon")) {
      what = "missing colon after a property name";
    } else if (original.contains("Unexpected close marker")) {
      what = "a closing bracket that does not match";
    } else if (original.startsWith("Unrecognized token")) {
      what = "unrecognized token (a bare word where a value belongs?)";
    } else if (original.startsWith("Illegal unquoted character")) {
      what = "unescaped control character inside a string";
    } else if (original.contains("escape")) {
      what = "invalid escape sequence in a string";
    } else if (original.contains("Leading zeroes")
        || original.contains("number")
        || original.contains("Non-standard token")) {
      what = "invalid number";
    } else if (original.startsWith("Unexpected character")) {
      what = "unexpected character";
    } else {
      what = "invalid JSON syntax";
    }
    JsonLocation location =
        e instanceof JsonParseException jpe ? jpe.getLocation() : e.getLocation();
    return malformed(location, what);
  }

  private static Rejection malformed(JsonLocation location, String what) {
    return new Rejection(Problem.MALFORMED_JSON, "broken JSON " + where(location) + ": " + what);
  }

  private static String where(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "at an unknown position";
    }
    return "at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  private static String describe(JsonToken token) {
    return switch (token) {
      case START_ARRAY -> "a JSON array";
      case VALUE_STRING -> "a JSON string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a JSON number";
      case VALUE_TRUE, VALUE_FALSE -> "a JSON boolean";
      case VALUE_NULL -> "JSON null";
      default -> "a " + token.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    };
  }

  private JsonBodies() {}
}
