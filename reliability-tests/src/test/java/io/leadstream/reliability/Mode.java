package io.leadstream.reliability;

/**
 * CI or full size. {@code -Dleadstream.full=true} (reliability-tests/run-full) runs the full
 * versions; without it the short CI versions run inside {@code mvn verify}.
 */
final class Mode {

  static final boolean FULL = Boolean.getBoolean("leadstream.full");

  private Mode() {}

  /** {@code ci} in CI mode, {@code full} in full mode. */
  static <T> T pick(T ci, T full) {
    return FULL ? full : ci;
  }

  static String name() {
    return FULL ? "full" : "ci";
  }
}
