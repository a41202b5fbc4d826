package io.leadstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.schemas.ActivityType;
import io.leadstream.schemas.LeadActivity;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * How {@code ./leadstream activity} reads its arguments, without a broker: the report it builds,
 * and the refusals (exit 2, the field named, the value never echoed) that happen before any
 * connection.
 */
class ActivityCommandTest {

  private static final String LEAD_ID = "ld_" + "a".repeat(32);

  /** The command as picocli fills it from {@code args}. */
  private static ActivityCommand parsed(String... args) {
    CommandLine cli = CliRun.parser(Map.of());
    CommandLine.ParseResult result = cli.parseArgs(prepend("activity", args));
    return (ActivityCommand) result.subcommand().commandSpec().userObject();
  }

  private static String[] prepend(String first, String... rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  @Test
  void buildsTheReportFromTheArgumentsWithTheGivenTime() {
    LeadActivity activity =
        parsed(
                LEAD_ID,
                "ASSIGNED",
                "--at",
                "2026-12-01T09:30:00+01:00",
                "--by",
                "u-7",
                "--owner",
                "u-9")
            .activity(Instant.EPOCH);

    assertThat(activity)
        .isEqualTo(
            LeadActivity.of(
                LEAD_ID,
                ActivityType.ASSIGNED,
                Instant.parse("2026-12-01T08:30:00Z"),
                "u-7",
                "u-9"));
  }

  @Test
  void theTimeDefaultsToNow() {
    Instant now = Instant.parse("2026-12-01T10:00:00Z");

    LeadActivity activity = parsed(LEAD_ID, "CONTACTED").activity(now);

    assertThat(activity)
        .isEqualTo(LeadActivity.of(LEAD_ID, ActivityType.CONTACTED, now, null, null));
  }

  @Test
  void anUnknownTypeIsAUsageErrorNamingTheFieldWithoutEchoingIt() {
    CliRun run = CliRun.of(Map.of(), "activity", LEAD_ID, "CALLED_SECRETLY");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("type: unknown activity type").doesNotContain("CALLED_SECRETLY");
  }

  @Test
  void aMalformedLeadIdIsAUsageErrorNamingTheFieldWithoutEchoingIt() {
    CliRun run = CliRun.of(Map.of(), "activity", "pat.doe@contoso.example.com", "CONTACTED");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("leadId: not a well-formed leadId").doesNotContain("pat.doe");
  }

  @Test
  void aTimeWithoutAnOffsetIsAUsageErrorNamingTheField() {
    CliRun run =
        CliRun.of(Map.of(), "activity", LEAD_ID, "CONTACTED", "--at", "2026-12-01 09:30:17");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("at: not an ISO-8601 instant").doesNotContain("09:30:17");
  }

  @Test
  void anAssignmentWithoutAnOwnerIsAUsageError() {
    CliRun run = CliRun.of(Map.of(), "activity", LEAD_ID, "ASSIGNED");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("owner: required for type ASSIGNED");
  }

  @Test
  void controlCharactersInWhoAreAUsageError() {
    CliRun run = CliRun.of(Map.of(), "activity", LEAD_ID, "CONTACTED", "--by", "u-7\u001b[2J");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("by: contains control characters");
  }

  @Test
  void aMissingTypeIsAUsageError() {
    CliRun run = CliRun.of(Map.of(), "activity", LEAD_ID);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("TYPE");
  }
}
