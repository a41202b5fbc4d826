package io.leadstream.imports;

/**
 * A file that cannot be imported at all (wrong encoding, no header, a required column missing, an
 * unclosed quote): nothing of it is sent. The message says what and where (row, line or byte,
 * column name) and never quotes a value of the file.
 */
public final class ImportFileException extends Exception {

  private static final long serialVersionUID = 1L;

  public ImportFileException(String message) {
    super(message, null, false, false);
  }
}
