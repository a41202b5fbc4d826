package io.leadstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An image tarball as Jib writes it ({@code docker save} layout), unpacked and run the way a
 * container runtime would run it, with no Docker engine: its layers extracted in order into a root
 * filesystem, then its entrypoint started under {@code chroot} as the image's user, with the
 * image's environment only, in a private mount namespace that sees {@code /proc} and {@code /dev}.
 * The network is the host's, so the container reaches a broker on localhost. Needs root (CI runs as
 * root); {@link #runnableHere()} says whether this machine can.
 */
final class ContainerImage {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path rootfs;
  private final List<String> entrypoint;
  private final Map<String, String> environment;
  private final String user;

  private ContainerImage(
      Path rootfs, List<String> entrypoint, Map<String, String> environment, String user) {
    this.rootfs = rootfs;
    this.entrypoint = entrypoint;
    this.environment = environment;
    this.user = user;
  }

  /** Whether this machine can run an unpacked image: root, with unshare, chroot and tar. */
  static boolean runnableHere() {
    return "root".equals(System.getProperty("user.name"))
        && Files.isExecutable(Path.of("/usr/bin/unshare"))
        && Files.isExecutable(Path.of("/usr/sbin/chroot"))
        && Files.isExecutable(Path.of("/bin/tar"));
  }

  /** Unpacks {@code tarball} under {@code work}. */
  static ContainerImage unpack(Path tarball, Path work) throws IOException, InterruptedException {
    Path layout = Files.createDirectories(work.resolve("layout"));
    Path rootfs = Files.createDirectories(work.resolve("rootfs"));
    run(List.of("tar", "-xf", tarball.toString(), "-C", layout.toString()));
    JsonNode manifest = JSON.readTree(layout.resolve("manifest.json").toFile()).get(0);
    for (JsonNode layer : manifest.get("Layers")) {
      run(
          List.of(
              "tar",
              "--warning=no-unknown-keyword",
              "-xzf",
              layout.resolve(layer.asText()).toString(),
              "-C",
              rootfs.toString(),
              "--no-same-owner"));
    }
    JsonNode config =
        JSON.readTree(layout.resolve(manifest.get("Config").asText()).toFile()).get("config");
    List<String> entrypoint = new ArrayList<>();
    config.get("Entrypoint").forEach(part -> entrypoint.add(part.asText()));
    Map<String, String> environment = new LinkedHashMap<>();
    for (JsonNode variable : config.path("Env")) {
      String[] pair = variable.asText().split("=", 2);
      environment.put(pair[0], pair[1]);
    }
    Files.createDirectories(rootfs.resolve("proc"));
    Files.createDirectories(rootfs.resolve("dev"));
    return new ContainerImage(rootfs, entrypoint, environment, config.path("User").asText("0:0"));
  }

  /** The image's environment, as the container sees it before any override. */
  Map<String, String> environment() {
    return environment;
  }

  /** Starts the image's entrypoint with {@code overrides} added to its environment. */
  Process start(Map<String, String> overrides, Path log) throws IOException {
    return exec(entrypoint, overrides, log);
  }

  /** Runs {@code command} inside the image with {@code overrides}, as compose's entrypoint does. */
  Process run(List<String> command, Map<String, String> overrides, Path log) throws IOException {
    return exec(command, overrides, log);
  }

  /** Runs {@code command} inside the image (as a health check would) and returns its exit code. */
  int execute(List<String> command) throws IOException, InterruptedException {
    Process process = exec(command, Map.of(), Files.createTempFile("container-exec", ".log"));
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return -1;
    }
    return process.exitValue();
  }

  private Process exec(List<String> command, Map<String, String> overrides, Path log)
      throws IOException {
    String script =
        "set -e\n"
            + "/usr/bin/mount --bind /proc \"$ROOTFS/proc\"\n"
            + "/usr/bin/mount --bind /dev \"$ROOTFS/dev\"\n"
            + "exec /usr/sbin/chroot --userspec=\"$USERSPEC\" \"$ROOTFS\" \"$@\"\n";
    List<String> argv = new ArrayList<>();
    argv.addAll(List.of("/usr/bin/unshare", "--mount", "--fork", "--", "/bin/sh", "-c", script));
    argv.add("container");
    argv.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(argv);
    builder.environment().clear();
    builder.environment().putAll(environment);
    builder.environment().putAll(overrides);
    builder.environment().put("ROOTFS", rootfs.toString());
    builder.environment().put("USERSPEC", user);
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    return builder.start();
  }

  /** Stops a started container the way a runtime does: SIGTERM to the entrypoint, then waits. */
  static int stop(Process container, long timeoutSeconds) throws InterruptedException {
    container.descendants().forEach(ProcessHandle::destroy);
    if (!container.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      container.descendants().forEach(ProcessHandle::destroyForcibly);
      container.destroyForcibly();
      container.waitFor();
      return -1;
    }
    return container.exitValue();
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
  }
}
