package io.leadstream.localbroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up checks that need no broker. A process the pid file points at is played by {@code sleep}
 * whose command line is made to name the folder's config (or not); a start that gets past those
 * checks stops at a taken port.
 */
class LocalBrokerTest {

  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void killFakes() {
    processes.forEach(Process::destroyForcibly);
  }

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

  @Test
  void refusesWhenTheBrokerOfItsFolderStillRunsUnderTheProcessThatStartedIt(@TempDir Path dir)
      throws Exception {
    Process broker = fakeBroker(commandLineNaming(dir), "");
    writePidFile(dir, broker.pid(), ProcessHandle.current().pid());

    assertThatThrownBy(() -> brokerOnATakenPort(dir).start())
        .isInstanceOf(LocalBrokerException.class)
        .hasMessageContaining("a local broker (pid " + broker.pid() + ") already runs from");
    assertThat(broker.isAlive()).isTrue();
  }

  @Test
  void stopsABrokerOfItsFolderLeftOverFromACrashedStarterBeforeStarting(@TempDir Path dir)
      throws Exception {
    Process leftover = fakeBroker(commandLineNaming(dir), "");
    writePidFile(dir, leftover.pid(), deadPid());

    assertThatThrownBy(() -> brokerOnATakenPort(dir).start())
        .hasMessageContaining("already in use");
    assertThat(leftover.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(leftover.exitValue()).as("ended by SIGTERM").isEqualTo(128 + 15);
    assertThat(dir.resolve("broker.pid")).doesNotExist();
  }

  @Test
  void killsALeftOverBrokerThatIgnoresSigtermOnceItsTimeIsUp(@TempDir Path dir) throws Exception {
    Process leftover = fakeBroker(commandLineNaming(dir), "trap '' TERM; ");
    writePidFile(dir, leftover.pid(), deadPid());

    assertThatThrownBy(() -> brokerOnATakenPort(dir).start())
        .hasMessageContaining("already in use");
    assertThat(leftover.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(leftover.exitValue()).as("ended by SIGKILL").isEqualTo(128 + 9);
  }

  @Test
  void neverTouchesAProcessWhoseCommandLineDoesNotNameItsFolder(
      @TempDir Path dir, @TempDir Path otherFolder) throws Exception {
    Process someoneElses = fakeBroker(commandLineNaming(otherFolder), "");
    writePidFile(dir, someoneElses.pid(), deadPid());

    assertThatThrownBy(() -> brokerOnATakenPort(dir).start())
        .hasMessageContaining("already in use");
    assertThat(someoneElses.isAlive()).isTrue();
    assertThat(dir.resolve("broker.pid")).as("a stale pid file is cleared").doesNotExist();
  }

  /** {@code sleep} whose argv[0] is {@code folder}'s config path, as the broker's last argument. */
  private static String commandLineNaming(Path folder) {
    return folder.toAbsolutePath().resolve("server.properties").toString();
  }

  private Process fakeBroker(String argv0, String prelude) throws IOException {
    Process process =
        new ProcessBuilder("bash", "-c", prelude + "exec -a \"$0\" sleep 120", argv0).start();
    processes.add(process);
    Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
    // Wait for the exec: until then the command line is bash's own.
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> Files.readString(cmdline, StandardCharsets.UTF_8).startsWith(argv0 + "\0"));
    return process;
  }

  private static long deadPid() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    return gone.pid();
  }

  private static void writePidFile(Path dir, long broker, long starter) throws IOException {
    Files.writeString(dir.resolve("broker.pid"), broker + "\n" + starter + "\n");
  }

  private LocalBroker brokerOnATakenPort(Path dir) throws IOException {
    ServerSocket taken = new ServerSocket();
    taken.bind(new InetSocketAddress("localhost", 0));
    closeLater(taken);
    return LocalBroker.builder()
        .dataDir(dir)
        .port(taken.getLocalPort())
        .controllerPort(LocalBrokerIT.freePort())
        .leftoverStopTimeout(Duration.ofMillis(500))
        .build();
  }

  private final List<ServerSocket> sockets = new ArrayList<>();

  private void closeLater(ServerSocket socket) {
    sockets.add(socket);
  }

  @AfterEach
  void closeSockets() throws IOException {
    for (ServerSocket socket : sockets) {
      socket.close();
    }
  }
}
