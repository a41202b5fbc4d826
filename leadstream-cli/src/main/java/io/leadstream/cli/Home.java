package io.leadstream.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The local stack's folder ({@code .leadstream/} at the repository root by default): the broker's
 * data, the processor's state, the gateway token generated on the first {@code up}, kept so that
 * the ingest URL stays the same across restarts, and the processor's consumer-group instance id.
 */
final class Home {

  /** Environment variable naming the folder. */
  static final String ENV = "LEADSTREAM_HOME";

  private final Path dir;

  Home(Path dir) {
    this.dir = dir.toAbsolutePath();
  }

  static Path defaultDir(Map<String, String> env) {
    String fromEnv = env.get(ENV);
    return Path.of(fromEnv != null && !fromEnv.isBlank() ? fromEnv : ".leadstream");
  }

  Path brokerDir() {
    return dir.resolve("broker");
  }

  Path stateDir() {
    return dir.resolve("state");
  }

  Path tokenFile() {
    return dir.resolve("gateway-token");
  }

  /**
   * The processor's {@code group.instance.id}, made on the first {@code up} and kept: static
   * membership, so that an {@code up} after a crash takes the dead instance's place in the consumer
   * group at once instead of waiting for its session to expire (see docs/reliability.md). One per
   * folder, as the processor state is.
   */
  String groupInstanceId() throws IOException {
    Path file = dir.resolve("processor-group-instance-id");
    if (Files.isRegularFile(file)) {
      String kept = Files.readString(file, StandardCharsets.US_ASCII).trim();
      if (!kept.isEmpty()) {
        return kept;
      }
    }
    String id = "leadstream-up-" + UUID.randomUUID();
    Files.createDirectories(dir);
    Files.writeString(file, id + "\n", StandardCharsets.US_ASCII);
    return id;
  }

  /** The gateway tokens and whether the first was generated here. */
  record Token(List<String> tokens, boolean generated) {
    String first() {
      return tokens.get(0);
    }

    String all() {
      return String.join(",", tokens);
    }
  }

  /**
   * {@code LEADSTREAM_GATEWAY_TOKENS} when set; else the token kept in this folder; else a new
   * random one, written there readable by the owner only.
   */
  Token token(Map<String, String> env) throws IOException {
    String configured = env.get("LEADSTREAM_GATEWAY_TOKENS");
    if (configured != null && !configured.isBlank()) {
      List<String> tokens =
          Arrays.stream(configured.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
      return new Token(tokens, false);
    }
    Path file = tokenFile();
    if (Files.isRegularFile(file)) {
      String kept = Files.readString(file, StandardCharsets.US_ASCII).trim();
      if (!kept.isEmpty()) {
        return new Token(List.of(kept), true);
      }
    }
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    String token = "ls_" + HexFormat.of().formatHex(random);
    Files.createDirectories(dir);
    Files.writeString(file, token + "\n", StandardCharsets.US_ASCII);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the file keeps the folder's permissions.
    }
    return new Token(List.of(token), true);
  }

  /** The token {@code send} should use: the environment's first, else the kept one, else none. */
  String tokenForClients(Map<String, String> env) throws IOException {
    String configured = env.get("LEADSTREAM_GATEWAY_TOKENS");
    if (configured != null && !configured.isBlank()) {
      return configured.split(",")[0].trim();
    }
    Path file = tokenFile();
    return Files.isRegularFile(file)
        ? Files.readString(file, StandardCharsets.US_ASCII).trim()
        : null;
  }
}
