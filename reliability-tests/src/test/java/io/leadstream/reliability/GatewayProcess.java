package io.leadstream.reliability;

import static org.awaitility.Awaitility.await;

import io.leadstream.gateway.GatewayMain;
import io.leadstream.testkit.ChildJvm;
import io.leadstream.testkit.RealKafka;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The gateway as a process of its own ({@link GatewayMain} in a {@link ChildJvm}), on a fixed port
 * so that clients reach the next instance at the same address after a SIGKILL, as behind a load
 * balancer or a service port. Its settings are {@link Pipeline}'s test settings.
 */
final class GatewayProcess implements AutoCloseable {

  private final Path config;
  private final int port;
  private final String name;
  private ChildJvm jvm;
  private int starts;
  private int kills;

  GatewayProcess(RealKafka kafka, Path dir, String name, Map<String, String> overrides)
      throws IOException {
    this.name = name;
    this.port = freePort();
    Map<String, String> s = new TreeMap<>(Pipeline.gatewaySettings(kafka));
    s.put("gateway.port", Integer.toString(port));
    s.putAll(overrides);
    Files.createDirectories(dir);
    this.config = dir.resolve(name + ".properties");
    Files.writeString(
        config,
        s.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("\n", "", "\n")));
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Starts the gateway JVM and waits until it answers {@code /readyz} with 200. */
  synchronized void start(Duration timeout) {
    jvm =
        ChildJvm.builder(GatewayMain.class.getName())
            .name(name + "-" + ++starts)
            .heap("192m")
            .jvmOption("-XX:TieredStopAtLevel=1")
            .args("--config", config.toString())
            .start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    ChildJvm starting = jvm;
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(
            () -> {
              if (!starting.isAlive()) {
                throw new AssertionError("the gateway exited; see " + starting.output());
              }
              return http.send(
                          HttpRequest.newBuilder(url().resolve("/readyz"))
                              .timeout(Duration.ofSeconds(2))
                              .build(),
                          HttpResponse.BodyHandlers.discarding())
                      .statusCode()
                  == 200;
            });
  }

  /** SIGKILL: no shutdown hook, in-flight requests get no answer. */
  synchronized void kill() {
    jvm.kill();
    if (jvm.isAlive()) {
      throw new AssertionError(jvm.name() + " survived SIGKILL");
    }
    kills++;
  }

  synchronized int kills() {
    return kills;
  }

  @Override
  public synchronized void close() {
    if (jvm != null) {
      jvm.stop(Duration.ofSeconds(20));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    }
  }
}
