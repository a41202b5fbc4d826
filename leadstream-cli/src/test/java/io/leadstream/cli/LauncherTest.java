package io.leadstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LauncherTest {

  @Test
  void theLaunchersHeaderNamesEveryCommandAndSubcommand() throws Exception {
    Path launcher = Path.of("").toAbsolutePath().getParent().resolve("leadstream");
    String header =
        Files.readAllLines(launcher, StandardCharsets.UTF_8).stream()
            .filter(line -> line.startsWith("#   ./leadstream "))
            .findFirst()
            .orElseThrow();

    var cli = CliRun.parser(Map.of());
    cli.getSubcommands()
        .forEach(
            (name, command) -> {
              assertThat(header).as("the header names %s", name).contains(" " + name);
              command
                  .getSubcommands()
                  .keySet()
                  .forEach(sub -> assertThat(header).as("names %s %s", name, sub).contains(sub));
            });
  }
}
