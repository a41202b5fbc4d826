package io.leadstream.cli;

import io.leadstream.schemas.LeadIds;
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
import java.util.Optional;
import java.util.UUID;

/**
 * The local stack's folder ({@code .leadstream/} at the repository root by default): the broker's
 * data, the processor's state, the processor's consumer-group instance id, and two secrets
 * generated on the first {@code up}, readable by the owner only: the gateway token (so the ingest
 * URL stays the same across restarts) and the leadId secret (so leadIds stay the same; {@code
 * import} keys its ids with it too).
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

  Path leadIdSecretFile() {
    return dir.resolve("leadid-secret");
  }

  /** Where the local stack's leadId secret came from. */
  enum SecretSource {
    /** Generated now, on the first start of this folder. */
    GENERATED,
    /** Kept in the folder from an earlier start. */
    KEPT,
    /**
     * The published development secret: the folder already held state from before the stack kept
     * its own secret, and a new secret would change every leadId under that state.
     */
    DEVELOPMENT
  }

  /** The local stack's leadId secret and where it came from. */
  record Secret(String value, SecretSource source) {
    @Override
    public String toString() {
      return "Secret[" + source + "]";
    }
  }

  /**
   * The secret kept in this folder; else, for a folder that already holds broker data or processor
   * state, the development secret it was started with; else a new random one (32 bytes, hex),
   * written there readable by the owner only. Call it before anything writes to the folder.
   */
  Secret leadIdSecret() throws IOException {
    String kept = kept(leadIdSecretFile());
    if (kept != null) {
      return new Secret(kept, SecretSource.KEPT);
    }
    if (holdsState()) {
      return new Secret(LeadIds.DEV_SECRET, SecretSource.DEVELOPMENT);
    }
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String secret = HexFormat.of().formatHex(random);
    writeOwnerOnly(leadIdSecretFile(), secret);
    return new Secret(secret, SecretSource.GENERATED);
  }

  /** The secret {@code import} should key its ids with: the one kept here, if any. */
  Optional<String> keptLeadIdSecret() throws IOException {
    return Optional.ofNullable(kept(leadIdSecretFile()));
  }

  private boolean holdsState() throws IOException {
    for (Path folder : List.of(brokerDir(), stateDir())) {
      if (Files.isDirectory(folder)) {
        try (var entries = Files.list(folder)) {
          if (entries.findAny().isPresent()) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static String kept(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    String value = Files.readString(file, StandardCharsets.US_ASCII).trim();
    return value.isEmpty() ? null : value;
  }

  private void writeOwnerOnly(Path file, String value) throws IOException {
    Files.createDirectories(dir);
    try {
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the file keeps the folder's permissions.
    }
    Files.writeString(file, value + "\n", StandardCharsets.US_ASCII);
  }

  /**
   * The processor's {@code group.instance.id}, made on the first {@code up} and kept: static
   * membership, so that an {@code up} after a crash takes the dead instance's place in the consumer
   * group at once instead of waiting for its session to expire (see docs/reliability.md). One per
   * folder, as the processor state is.
   */
  String groupInstanceId() throws IOException {
    Path file = dir.resolve("processor-group-instance-id");
    String kept = kept(file);
    if (kept != null) {
      return kept;
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
    return token(env, GATEWAY_TOKENS_VARIABLE, tokenFile());
  }

  /** The console's tokens: {@code LEADSTREAM_PROCESSOR_CONSOLE_TOKENS}, else kept, else new. */
  Token consoleToken(Map<String, String> env) throws IOException {
    return token(env, CONSOLE_TOKENS_VARIABLE, consoleTokenFile());
  }

  Path consoleTokenFile() {
    return dir.resolve("console-token");
  }

  /** The variable that sets the gateway's tokens. */
  static final String GATEWAY_TOKENS_VARIABLE = "LEADSTREAM_GATEWAY_TOKENS";

  /** The variable that sets the console's tokens. */
  static final String CONSOLE_TOKENS_VARIABLE = "LEADSTREAM_PROCESSOR_CONSOLE_TOKENS";

  private Token token(Map<String, String> env, String variable, Path file) throws IOException {
    String configured = env.get(variable);
    if (configured != null && !configured.isBlank()) {
      List<String> tokens =
          Arrays.stream(configured.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
      return new Token(tokens, false);
    }
    String kept = kept(file);
    if (kept != null) {
      return new Token(List.of(kept), true);
    }
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    String token = "ls_" + HexFormat.of().formatHex(random);
    writeOwnerOnly(file, token);
    return new Token(List.of(token), true);
  }

  /** The token {@code send} should use: the environment's first, else the kept one, else none. */
  String tokenForClients(Map<String, String> env) throws IOException {
    String configured = env.get(GATEWAY_TOKENS_VARIABLE);
    if (configured != null && !configured.isBlank()) {
      return configured.split(",")[0].trim();
    }
    Path file = tokenFile();
    return Files.isRegularFile(file)
        ? Files.readString(file, StandardCharsets.US_ASCII).trim()
        : null;
  }
}
