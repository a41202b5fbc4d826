package io.leadstream.localbroker;

import java.io.IOException;
import java.io.InputStream;

/**
 * The local broker's main class: Kafka's own {@code kafka.Kafka}, plus a watch on the process that
 * started it. {@link LocalBroker} holds the write end of this process's stdin; the kernel closes it
 * when that process ends, however it ends (SIGKILL, an OOM kill), so reading stdin returns end of
 * file at that moment. The broker then exits through Kafka's own shutdown hook (a controlled
 * shutdown that flushes the logs), so it never outlives its {@code ./leadstream up} as an orphan
 * and the next start needs no log recovery.
 */
public final class BrokerMain {

  private BrokerMain() {}

  public static void main(String[] args) throws Exception {
    Thread watch = new Thread(() -> exitWhenClosed(System.in), "leadstream-parent-watch");
    watch.setDaemon(true);
    watch.start();
    kafka.Kafka.main(args);
  }

  private static void exitWhenClosed(InputStream stdin) {
    try {
      while (stdin.read() >= 0) {
        // The parent never writes; anything read is ignored.
      }
    } catch (IOException e) {
      // A broken pipe means the same: the parent is gone.
    }
    System.err.println(
        "[leadstream] the process that started this broker is gone; shutting the broker down");
    System.exit(0);
  }
}
