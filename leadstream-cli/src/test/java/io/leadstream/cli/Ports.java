package io.leadstream.cli;

import java.io.IOException;
import java.net.ServerSocket;

/** Free local ports for tests that start the stack next to whatever else runs here. */
final class Ports {

  private Ports() {}

  static int free() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** A free port whose successor is free too: the local broker's controller takes port + 1. */
  static int freePair() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port = free();
      try (ServerSocket next = new ServerSocket(port + 1)) {
        next.setReuseAddress(true);
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no two consecutive free ports after 50 tries");
  }
}
