package io.leadstream.processor;

/**
 * The outcome of parsing one raw record: a lead ready for de-duplication, or the original bytes
 * bound for the dead-letter topic (the reason travels in the record's headers).
 */
record ParseResult(ParsedLead lead, byte[] deadLetterBody) {

  static ParseResult parsed(ParsedLead lead) {
    return new ParseResult(lead, null);
  }

  static ParseResult deadLetter(byte[] originalBytes) {
    return new ParseResult(null, originalBytes);
  }

  boolean failed() {
    return lead == null;
  }

  @Override
  public String toString() {
    return failed() ? "ParseResult[dead letter]" : "ParseResult[" + lead + "]";
  }
}
