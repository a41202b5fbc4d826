package io.leadstream.gateway;

import io.leadstream.config.Config;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway as a process: {@code GatewayMain [--config FILE]}. Config layers: shipped defaults,
 * the file (or {@code $LEADSTREAM_CONFIG}), then {@code LEADSTREAM_*} environment variables. Stops
 * gracefully on SIGTERM/SIGINT.
 */
public final class GatewayMain {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);

  public static void main(String[] args) throws InterruptedException {
    Optional<Path> file;
    try {
      file = configFile(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println("usage: GatewayMain [--config FILE]");
      System.exit(2);
      return;
    }
    Gateway gateway;
    try {
      gateway = Gateway.start(Gateway.loadConfig(file, System.getenv(), Map.of()));
    } catch (Config.ConfigException e) {
      LOG.error("cannot start: {}", e.getMessage());
      System.exit(2);
      return;
    } catch (RuntimeException e) {
      LOG.error("cannot start", e);
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  gateway.close();
                  stopped.countDown();
                },
                "leadstream-gateway-shutdown"));
    stopped.await();
  }

  static Optional<Path> configFile(String[] args) {
    Optional<Path> file = Optional.empty();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--config") && i + 1 < args.length) {
        file = Optional.of(Path.of(args[++i]));
      } else if (arg.startsWith("--config=")) {
        file = Optional.of(Path.of(arg.substring("--config=".length())));
      } else {
        throw new IllegalArgumentException("unknown argument: " + arg);
      }
    }
    return file;
  }

  private GatewayMain() {}
}
