package io.leadstream.localbroker;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A JVM that starts a {@link LocalBroker} and then only waits, as {@code ./leadstream up} does, for
 * tests that kill it: {@code BrokerOwner <folder> <port> <controller port>}.
 */
public final class BrokerOwner {

  private BrokerOwner() {}

  public static void main(String[] args) throws InterruptedException {
    LocalBroker broker =
        LocalBroker.builder()
            .dataDir(Path.of(args[0]))
            .port(Integer.parseInt(args[1]))
            .controllerPort(Integer.parseInt(args[2]))
            .build();
    broker.start();
    System.out.println("broker ready, pid " + broker.pid().orElseThrow());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
