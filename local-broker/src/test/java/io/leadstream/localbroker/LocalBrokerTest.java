package io.leadstream.localbroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBrokerTest {

  @Test
  void refusesToStartWhenItsPortIsTakenAndSaysWhich(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("localhost", 0));
      LocalBroker broker =
          LocalBroker.builder()
              .dataDir(dir)
              .port(taken.getLocalPort())
              .controllerPort(LocalBrokerIT.freePort())
              .build();

      assertThatThrownBy(broker::start)
          .isInstanceOf(LocalBrokerException.class)
          .hasMessageContaining("broker port localhost:" + taken.getLocalPort())
          .hasMessageContaining("already in use");
      assertThat(broker.isRunning()).isFalse();
      assertThat(broker.isFormatted()).isFalse();
    }
  }

  @Test
  void rejectsTheSamePortForBrokerAndController(@TempDir Path dir) {
    assertThatThrownBy(
            () -> LocalBroker.builder().dataDir(dir).port(9999).controllerPort(9999).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ports must differ");
  }
}
