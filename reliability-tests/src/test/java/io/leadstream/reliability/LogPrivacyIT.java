package io.leadstream.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.testkit.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * No token and no personal data in any log line: every log written by this module's runs (the test
 * JVM's log files and console output, and every processor JVM's) and the test logs of the other
 * modules built before it in the same reactor are searched for the fixtures' personal values, the
 * load generator's personal values and the gateway tokens. Runs last ({@code @Order}, see
 * junit-platform.properties), after the end-to-end and fault runs.
 */
@Order(100)
class LogPrivacyIT {

  private static final Logger LOG = LoggerFactory.getLogger(LogPrivacyIT.class);

  @Test
  void noLogLineOfTheEndToEndAndFaultRunsHoldsAPersonalValueOrAToken() throws IOException {
    List<LogScanner.Needle> needles = new ArrayList<>(LogScanner.fixtureValues());
    needles.add(new LogScanner.Needle("the load generator's first name", LeadMix.FIRST_NAME));
    needles.add(new LogScanner.Needle("the load generator's last name", LeadMix.LAST_NAME));
    needles.add(new LogScanner.Needle("the load generator's company", LeadMix.COMPANY));
    needles.add(new LogScanner.Needle("the load generator's job title", LeadMix.TITLE));
    needles.add(new LogScanner.Needle("the load generator's phone", LeadMix.PHONE));
    needles.add(new LogScanner.Needle("the load generator's phone (E.164)", LeadMix.PHONE_E164));
    needles.add(new LogScanner.Needle("the load generator's phone (digits)", "4255550173"));
    needles.add(new LogScanner.Needle("the load generator's notes", LeadMix.NOTE));
    needles.add(new LogScanner.Needle("the load generator's email domain", LeadMix.EMAIL_DOMAIN));
    needles.add(new LogScanner.Needle("a gateway token (prefix)", Pipeline.TOKEN_PREFIX));
    needles.add(new LogScanner.Needle("the activity token", Pipeline.ACTIVITY_TOKEN));
    for (int i = 0; i < Pipeline.TOKENS.size(); i++) {
      needles.add(new LogScanner.Needle("gateway token " + (i + 1), Pipeline.TOKENS.get(i)));
    }

    Path module = Path.of("").toAbsolutePath();
    List<Path> roots = new ArrayList<>();
    roots.add(ChildJvm.logDir());
    roots.add(module.resolve("target/failsafe-reports"));
    try (Stream<Path> siblings = Files.list(module.getParent())) {
      siblings
          .filter(p -> !p.equals(module))
          .forEach(
              p -> {
                roots.add(p.resolve("target/test-logs"));
                roots.add(p.resolve("target/failsafe-reports"));
              });
    }
    LogScanner.Result result =
        new LogScanner(needles)
            .scan(
                roots,
                f -> {
                  String name = f.getFileName().toString();
                  return f.toString().contains("test-logs")
                      ? name.endsWith(".log") || name.endsWith(".out")
                      : name.endsWith("-output.txt");
                });
    long ownFiles;
    try (Stream<Path> own = Files.walk(ChildJvm.logDir())) {
      ownFiles =
          own.filter(f -> f.getFileName().toString().matches("(crash|broker)-.*\\.log")).count();
    }
    LOG.info(
        "Log privacy: {} files, {} lines, {} needles, {} hits",
        result.files(),
        result.lines(),
        needles.size(),
        result.hits().size());

    assertThat(ownFiles)
        .as("processor logs of this module's crash and broker-fault runs (run those ITs first)")
        .isPositive();
    assertThat(result.hits()).as("log lines with a personal value or a token").isEmpty();
  }
}
