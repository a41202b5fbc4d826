package io.leadstream.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogScannerTest {

  @Test
  void findsAPlantedPersonalValueInAnyLetterCaseAndNamesFileLineAndLabelButNotTheValue(
      @TempDir Path logs) throws Exception {
    Files.createDirectories(logs.resolve("nested"));
    Files.writeString(logs.resolve("clean.log"), "12:00:00 INFO started\nstatus=202\n");
    Files.writeString(
        logs.resolve("nested/leaky.log"),
        "12:00:00 INFO ok\n12:00:01 WARN lead from ALEX.SAMPLE@northwind.example.com failed\n",
        StandardCharsets.UTF_8);
    LogScanner scanner =
        new LogScanner(
            List.of(new LogScanner.Needle("email", "alex.sample@northwind.example.com")));

    LogScanner.Result result = scanner.scan(List.of(logs), f -> true);

    assertThat(result.files()).isEqualTo(2);
    assertThat(result.hits())
        .containsExactly(new LogScanner.Hit(logs.resolve("nested/leaky.log"), 2, "email"));
    assertThat(result.hits().get(0).toString()).doesNotContain("northwind");
  }

  @Test
  void findsNothingInLogsWithoutTheValues(@TempDir Path logs) throws Exception {
    Files.writeString(logs.resolve("a.log"), "request_id=rq_1 status=202 outcome=acked\n");
    LogScanner scanner = new LogScanner(LogScanner.fixtureValues());

    assertThat(scanner.scan(List.of(logs), f -> true).hits()).isEmpty();
  }

  @Test
  void looksForTheContactFieldsAndNotesOfTheFixturesButNotForShortCommonWords() {
    List<String> values =
        LogScanner.fixtureValues().stream().map(LogScanner.Needle::value).toList();

    assertThat(values)
        .contains(
            "alex.sample@northwind.example.com",
            "Northwind Traders",
            "Head of Sales Operations",
            "We need SSO for about 300 seats.",
            "someone@contoso.com",
            "16175555555")
        .allSatisfy(v -> assertThat(v).hasSizeGreaterThanOrEqualTo(8))
        .doesNotContain("Some", "Contoso");
  }

  @Test
  void skipsFilesTheFilterRejectsAndFoldersThatDoNotExist(@TempDir Path logs) throws Exception {
    Files.writeString(logs.resolve("report.xml"), "someone@contoso.com\n");
    LogScanner scanner = new LogScanner(LogScanner.fixtureValues());

    LogScanner.Result result =
        scanner.scan(
            List.of(logs, logs.resolve("missing")),
            f -> f.getFileName().toString().endsWith(".log"));

    assertThat(result.files()).isZero();
    assertThat(result.hits()).isEmpty();
  }
}
