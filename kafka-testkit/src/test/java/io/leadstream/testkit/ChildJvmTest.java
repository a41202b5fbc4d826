package io.leadstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ChildJvmTest {

  /** The child: logs one line through SLF4J, prints one, then waits to be killed. */
  public static final class Sleeper {
    public static void main(String[] args) throws InterruptedException {
      LoggerFactory.getLogger("io.leadstream.sleeper").info("sleeper up with {}", args[0]);
      System.out.println("stdout of the sleeper");
      System.out.flush();
      new java.util.concurrent.CountDownLatch(1).await();
    }
  }

  @Test
  void aKilledChildIsGoneAtOnceAndItsLogAndOutputAreInTheTestLogFolder() throws Exception {
    String name = "sleeper-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    ChildJvm child = ChildJvm.builder(Sleeper.class.getName()).name(name).args("hello").start();
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  Files.exists(child.output())
                      && Files.readString(child.output()).contains("stdout"));
      await().atMost(Duration.ofSeconds(30)).until(() -> logOf(name) != null);
      assertThat(Files.readString(logOf(name))).contains("sleeper up with hello");
      assertThat(child.output().getParent()).isEqualTo(ChildJvm.logDir());
      assertThat(child.isAlive()).isTrue();

      child.kill();

      assertThat(child.isAlive()).isFalse();
      assertThat(ProcessHandle.of(child.pid()).map(ProcessHandle::isAlive))
          .isNotEqualTo(java.util.Optional.of(true));
    } finally {
      child.kill();
    }
  }

  private static Path logOf(String name) throws Exception {
    try (Stream<Path> files = Files.list(ChildJvm.logDir())) {
      return files
          .filter(f -> f.getFileName().toString().startsWith(name + "-"))
          .filter(f -> f.getFileName().toString().endsWith(".log"))
          .findFirst()
          .orElse(null);
    }
  }
}
