package io.leadstream.notify;

import io.leadstream.config.Config;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the notifier on its own: {@code java -cp ... io.leadstream.notify.NotifierMain [--config
 * FILE]}, configured like the services (shipped defaults, a file, {@code LEADSTREAM_*}). Stops on
 * SIGTERM; an alert being retried then is delivered at the next start.
 */
public final class NotifierMain {

  private NotifierMain() {}

  public static void main(String[] args) throws InterruptedException {
    Optional<Path> file =
        args.length == 2 && "--config".equals(args[0])
            ? Optional.of(Path.of(args[1]))
            : Optional.empty();
    Config config = Config.load(NotifySettings.DEFAULTS, file, System.getenv(), Map.of());
    NotifySettings settings = NotifySettings.from(config);
    if (!settings.enabled()) {
      System.err.println(
          "no channel configured: set notify.teams.url, notify.slack.url or notify.webhook.url");
      System.exit(2);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Notifier notifier = Notifier.start(settings, new SimpleMeterRegistry());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  notifier.close();
                  stopped.countDown();
                }));
    stopped.await();
  }
}
