package io.leadstream.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Layered configuration: shipped defaults (a properties resource), then an optional properties
 * file, then environment variables, then explicit overrides (command-line flags); later layers win.
 *
 * <p>Keys are lower-case and dotted, scoped by prefix ({@code kafka.*} for Kafka client properties,
 * {@code gateway.*}, {@code processor.*}, {@code topics.*}). An environment variable {@code
 * LEADSTREAM_GATEWAY_PORT} sets {@code gateway.port}: strip {@code LEADSTREAM_}, lower-case, and
 * turn {@code _} into {@code .}. {@code LEADSTREAM_CONFIG} names the file when no file is given.
 */
public final class Config {

  /** Environment variables with this prefix are configuration. */
  public static final String ENV_PREFIX = "LEADSTREAM_";

  /** Environment variable naming the config file. */
  public static final String ENV_CONFIG_FILE = "LEADSTREAM_CONFIG";

  private static final Pattern SECRET =
      Pattern.compile(".*(password|secret|token|jaas|credential|\\.key$|apikey).*");

  private final Map<String, String> values;

  private Config(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
  }

  /** A config of exactly these values (for tests and for building on top of another). */
  public static Config of(Map<String, String> values) {
    return new Config(values);
  }

  /**
   * Loads the layers.
   *
   * @param defaultsResource classpath resource with the shipped defaults, e.g. {@code
   *     /gateway-defaults.properties}
   * @param file a properties file, or empty to use {@code $LEADSTREAM_CONFIG} if that is set
   * @param env the environment ({@code System.getenv()} in production)
   * @param overrides the last word, e.g. from command-line flags
   */
  public static Config load(
      String defaultsResource,
      Optional<Path> file,
      Map<String, String> env,
      Map<String, String> overrides) {
    return load(defaultsResource, Map.of(), file, env, overrides);
  }

  /**
   * Loads the layers, with {@code moreDefaults} over the shipped defaults and under everything the
   * user sets (file, environment, overrides): the defaults of one way of running, such as the local
   * stack's.
   */
  public static Config load(
      String defaultsResource,
      Map<String, String> moreDefaults,
      Optional<Path> file,
      Map<String, String> env,
      Map<String, String> overrides) {
    Map<String, String> merged = new TreeMap<>();
    merged.putAll(readResource(defaultsResource));
    merged.putAll(moreDefaults);
    Optional<Path> configFile =
        file.or(
            () ->
                Optional.ofNullable(env.get(ENV_CONFIG_FILE))
                    .filter(s -> !s.isBlank())
                    .map(Path::of));
    configFile.ifPresent(path -> merged.putAll(readFile(path)));
    env.forEach(
        (name, value) -> {
          if (name.startsWith(ENV_PREFIX) && !name.equals(ENV_CONFIG_FILE)) {
            merged.put(envToKey(name), value);
          }
        });
    merged.putAll(overrides);
    return new Config(merged);
  }

  /** {@code LEADSTREAM_KAFKA_BOOTSTRAP_SERVERS} to {@code kafka.bootstrap.servers}. */
  public static String envToKey(String envName) {
    return envName.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
  }

  /** A new config with {@code more} on top of this one. */
  public Config with(Map<String, String> more) {
    Map<String, String> merged = new TreeMap<>(values);
    merged.putAll(more);
    return new Config(merged);
  }

  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key)).map(String::trim).filter(s -> !s.isEmpty());
  }

  public String string(String key) {
    return get(key).orElseThrow(() -> new ConfigException(key, "is required but not set"));
  }

  public String string(String key, String fallback) {
    return get(key).orElse(fallback);
  }

  public int integer(String key) {
    String raw = string(key);
    try {
      return Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "must be an integer, got '" + shown(key, raw) + "'");
    }
  }

  public long longValue(String key) {
    String raw = string(key);
    try {
      return Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "must be an integer, got '" + shown(key, raw) + "'");
    }
  }

  public boolean bool(String key) {
    String raw = string(key).toLowerCase(Locale.ROOT);
    return switch (raw) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw new ConfigException(key, "must be true or false, got '" + raw + "'");
    };
  }

  /**
   * An ISO-8601 duration ({@code PT5S}, {@code P30D}) or a number with a unit (500ms, 5s, 2m, 24h,
   * 30d).
   */
  public Duration duration(String key) {
    String raw = string(key);
    try {
      return parseDuration(raw);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          key,
          "must be a duration such as PT5S, P30D, 500ms, 5s, 2m, 24h or 30d, got '" + raw + "'");
    }
  }

  /** A comma-separated list, blanks dropped. */
  public List<String> list(String key) {
    return get(key)
        .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
        .orElse(List.of());
  }

  /**
   * Every key under {@code prefix}, with the prefix removed: {@code scoped("kafka.")} gives the
   * Kafka client properties.
   */
  public Map<String, String> scoped(String prefix) {
    Map<String, String> result = new TreeMap<>();
    values.forEach(
        (key, value) -> {
          if (key.startsWith(prefix)) {
            result.put(key.substring(prefix.length()), value);
          }
        });
    return result;
  }

  public Map<String, String> asMap() {
    return values;
  }

  /** The effective config, one {@code key=value} per line, secrets masked; safe to log. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    values.forEach(
        (key, value) -> out.append(key).append('=').append(shown(key, value)).append('\n'));
    return out.toString();
  }

  /** Whether a key holds a secret that must never be logged. */
  public static boolean isSecret(String key) {
    return SECRET.matcher(key.toLowerCase(Locale.ROOT)).matches();
  }

  static Duration parseDuration(String raw) {
    String s = raw.trim();
    if (s.startsWith("P") || s.startsWith("p")) {
      try {
        return Duration.parse(s.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(e);
      }
    }
    var m = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)").matcher(s.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(s);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  private static String shown(String key, String value) {
    return isSecret(key) && value != null && !value.isEmpty() ? "******" : value;
  }

  private static Map<String, String> readResource(String resource) {
    try (InputStream in = Config.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("shipped defaults " + resource + " missing from the jar");
      }
      Properties props = new Properties();
      props.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
      return toMap(props);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read shipped defaults " + resource, e);
    }
  }

  private static Map<String, String> readFile(Path path) {
    if (!Files.isRegularFile(path)) {
      throw new ConfigException("config file", path + " does not exist or is not a file");
    }
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      Properties props = new Properties();
      props.load(reader);
      return toMap(props);
    } catch (IOException e) {
      throw new ConfigException("config file", "cannot read " + path + ": " + e.getMessage());
    }
  }

  private static Map<String, String> toMap(Properties props) {
    Map<String, String> map = new TreeMap<>();
    props.stringPropertyNames().forEach(k -> map.put(k.trim(), props.getProperty(k)));
    return map;
  }

  /** A configuration value that is missing or wrong; the message names the key, never a secret. */
  public static final class ConfigException extends IllegalArgumentException {
    public ConfigException(String key, String problem) {
      super("config " + key + " " + problem);
    }
  }
}
