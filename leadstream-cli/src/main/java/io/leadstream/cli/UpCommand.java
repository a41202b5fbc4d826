package io.leadstream.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./leadstream up}: the whole pipeline on this machine until Ctrl-C. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a local Kafka broker (data kept in .leadstream/), creates the topics, starts the",
      "stream processor (with the lead console) and the ingest gateway, and prints their URLs.",
      "Ctrl-C stops all."
    })
final class UpCommand implements Callable<Integer> {

  @Option(
      names = "--port",
      description = "Gateway port (default: $LEADSTREAM_GATEWAY_PORT or 8080).")
  Integer port;

  @Option(
      names = "--broker-port",
      description =
          "Local broker port; the controller uses the next one (default: $LEADSTREAM_BROKER_PORT or 9092).")
  Integer brokerPort;

  @Option(
      names = "--management-port",
      description =
          "Processor health and metrics port (default: $LEADSTREAM_PROCESSOR_MANAGEMENT_PORT or 8081).")
  Integer managementPort;

  @Option(
      names = "--console-port",
      description =
          "Lead console port: the funnel, the work queue and any lead (default: $LEADSTREAM_PROCESSOR_CONSOLE_PORT or 8082).")
  Integer consolePort;

  @Option(
      names = "--bootstrap-servers",
      description =
          "Use this Kafka cluster instead of starting a local broker (default: $LEADSTREAM_KAFKA_BOOTSTRAP_SERVERS).")
  String bootstrapServers;

  @Option(
      names = "--data-dir",
      description =
          "Folder for broker data, processor state and the gateway token (default: $LEADSTREAM_HOME or .leadstream).")
  Path dataDir;

  private final Map<String, String> env = System.getenv();

  @Override
  public Integer call() throws Exception {
    LocalStack.Options options =
        new LocalStack.Options(
            dataDir != null ? dataDir : Home.defaultDir(env),
            pick(port, "LEADSTREAM_GATEWAY_PORT", 8080),
            pick(brokerPort, "LEADSTREAM_BROKER_PORT", 9092),
            pick(managementPort, "LEADSTREAM_PROCESSOR_MANAGEMENT_PORT", 8081),
            pick(consolePort, "LEADSTREAM_PROCESSOR_CONSOLE_PORT", 8082),
            Optional.ofNullable(bootstrapServers)
                .or(() -> Optional.ofNullable(env.get("LEADSTREAM_KAFKA_BOOTSTRAP_SERVERS")))
                .filter(s -> !s.isBlank()),
            env);
    LocalStack stack = LocalStack.start(options);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.err.println("\nStopping Leadstream...");
                  stack.close();
                  System.err.println("Stopped.");
                  // The launcher turns log4j's own shutdown hook off, so that nothing logged
                  // while the stack stops races it; flush and stop logging last.
                  org.apache.logging.log4j.LogManager.shutdown();
                  stopped.countDown();
                },
                "leadstream-stop"));
    System.out.println(banner(stack, options));
    System.out.flush();
    stopped.await();
    return 0;
  }

  static String banner(LocalStack stack, LocalStack.Options options) {
    // A token the user supplied is theirs to keep secret: say where it goes, never echo it.
    String url =
        stack.ingestUrl()
            + "?code="
            + (stack.tokenGenerated()
                ? stack.token()
                : "<your token from LEADSTREAM_GATEWAY_TOKENS>");
    String console =
        stack.consoleUrl()
            + (stack.consoleTokenGenerated()
                ? "?code=" + stack.consoleToken()
                : " (sign in with your token from " + Home.CONSOLE_TOKENS_VARIABLE + ")");
    String broker =
        stack
            .broker()
            .map(b -> b.bootstrapServers() + " (local broker, data in " + b.directory() + ")")
            .orElse(stack.bootstrapServers() + " (existing cluster)");
    return String.format(
        """

        Leadstream is up (ready in %.1f s).

          Ingest URL  %s
          Token       %s
          Console     %s
          Kafka       %s
          Processor   http://localhost:%d/metrics%s

        Send a lead:
          curl -sS -X POST '%s' \\
            -H 'Content-Type: application/json' \\
            -d '{"UserDetails":{"FirstName":"Pat","LastName":"Doe","Email":"pat.doe@contoso.example.com","Country":"US","Company":"Contoso"},"LeadSource":"SPZA-PLT|contoso.sales-insights","ActionCode":"PLT","OfferTitle":"Contoso Sales Insights"}'
          ./leadstream send --samples        (posts every sample lead)

        See where it went:
          ./leadstream tail leads.qualified

        Press Ctrl-C to stop.
        """,
        stack.startTime().toMillis() / 1000.0,
        url,
        stack.tokenGenerated()
            ? "generated and kept in "
                + new Home(options.home()).tokenFile()
                + " (set LEADSTREAM_GATEWAY_TOKENS to choose your own)"
            : "from LEADSTREAM_GATEWAY_TOKENS",
        console,
        broker,
        stack.processorManagementPort(),
        stack.notifyChannels().isEmpty() ? "" : "\n  Notify      " + notify(stack),
        url);
  }

  /**
   * The channels the notifier delivers alerts to, for the banner (which has no such line when none
   * is set); never their URLs: webhook URLs are secrets.
   */
  static String notify(LocalStack stack) {
    return stack.notifyChannels().stream()
        .map(io.leadstream.notify.Channel::code)
        .collect(java.util.stream.Collectors.joining(", "));
  }

  private int pick(Integer flag, String envName, int fallback) {
    if (flag != null) {
      return flag;
    }
    String value = env.get(envName);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(envName + " must be a port number, got '" + value + "'");
    }
  }
}
