package io.leadstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadstream.config.Config;
import io.leadstream.support.Tokens;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** The gateway's small parts, each on its own. */
class UnitsTest {

  private static final String TOKEN = "a-token-of-sixteen-chars";

  @Test
  void tokensAcceptEveryConfiguredTokenAndNothingElse() {
    Tokens tokens = new Tokens(List.of("first-token-0123456789", "second-token-0123456789"));
    assertThat(tokens.accepts("first-token-0123456789")).isTrue();
    assertThat(tokens.accepts("second-token-0123456789")).isTrue();
    assertThat(tokens.accepts("first-token-012345678")).isFalse();
    assertThat(tokens.accepts("first-token-0123456789 ")).isFalse();
    assertThat(tokens.accepts("")).isFalse();
    assertThat(tokens.accepts(null)).isFalse();
  }

  @Test
  void bearerTokensAreReadOnlyFromTheBearerScheme() {
    assertThat(Tokens.bearer("Bearer abc")).isEqualTo("abc");
    assertThat(Tokens.bearer("bearer   abc ")).isEqualTo("abc");
    assertThat(Tokens.bearer("Basic abc")).isNull();
    assertThat(Tokens.bearer("Bearer ")).isNull();
    assertThat(Tokens.bearer("abc")).isNull();
    assertThat(Tokens.bearer(null)).isNull();
  }

  @Test
  void ingestIdsAreUniqueWellFormedAndOrderedByTime() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = Ids.ingestId();
      assertThat(id).matches(Ids.INGEST_ID);
      ids.add(id);
    }
    assertThat(ids).hasSize(10_000);
    assertThat(Ids.ulid(1_000)).isLessThan(Ids.ulid(1_001));
    assertThat(Ids.ulid(0)).startsWith("0000000000");
    assertThat(Ids.ulid(0xFFFF_FFFF_FFFFL)).startsWith("7zzzzzzzzz");
  }

  @Test
  void contentTypesAreJsonWithAnyParametersOrNone() {
    assertThat(MediaTypes.acceptedForLeads(null)).isTrue();
    assertThat(MediaTypes.acceptedForLeads(" ")).isTrue();
    assertThat(MediaTypes.acceptedForLeads("application/json")).isTrue();
    assertThat(MediaTypes.acceptedForLeads("APPLICATION/JSON ; charset=latin1")).isTrue();
    assertThat(MediaTypes.acceptedForLeads("application/jsonx")).isFalse();
    assertThat(MediaTypes.acceptedForLeads("text/json")).isFalse();
    assertThat(MediaTypes.acceptedForLeads("application/vnd.api+json")).isFalse();
  }

  @Test
  void settingsRefuseToStartWithoutTokensOrWithShortOnes() {
    assertThatThrownBy(() -> settings(Map.of("gateway.tokens", "")))
        .isInstanceOf(Config.ConfigException.class)
        .hasMessageContaining("gateway.tokens");
    assertThatThrownBy(() -> settings(Map.of("gateway.tokens", TOKEN + ",short")))
        .isInstanceOf(Config.ConfigException.class)
        .hasMessageContaining("shorter than 16")
        .hasMessageNotContaining("short,")
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void settingsReadTheShippedDefaults() {
    GatewaySettings settings = settings(Map.of("gateway.tokens", TOKEN));
    assertThat(settings.port()).isEqualTo(8080);
    assertThat(settings.bodyLimitBytes()).isEqualTo(65536);
    assertThat(settings.produceTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.maxInFlight()).isEqualTo(512);
    assertThat(settings.retryAfterSeconds()).isEqualTo(5);
    assertThat(settings.managementPort()).isEmpty();
    assertThat(settings.tls()).isEmpty();
    assertThat(settings.eventLoops()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(settings.topics().raw()).isEqualTo("leads.raw");
    assertThat(settings.topics().dlq()).isEqualTo("leads.dlq");
  }

  @Test
  void settingsTakeTlsFromPemFilesOrAKeyStoreButNotBoth() {
    assertThat(
            settings(
                    Map.of(
                        "gateway.tokens", TOKEN,
                        "gateway.tls.cert.path", "/c.pem",
                        "gateway.tls.key.path", "/k.pem"))
                .tls())
        .contains(new GatewaySettings.Tls.Pem(Path.of("/c.pem"), Path.of("/k.pem")));
    assertThat(
            settings(
                    Map.of(
                        "gateway.tokens", TOKEN,
                        "gateway.tls.keystore.path", "/ks.p12",
                        "gateway.tls.keystore.password", "pw"))
                .tls())
        .contains(new GatewaySettings.Tls.KeyStore(Path.of("/ks.p12"), "pw", "PKCS12"));
    assertThatThrownBy(
            () ->
                settings(
                    Map.of(
                        "gateway.tokens", TOKEN,
                        "gateway.tls.cert.path", "/c.pem",
                        "gateway.tls.keystore.path", "/ks.p12")))
        .isInstanceOf(Config.ConfigException.class);
    assertThatThrownBy(
            () -> settings(Map.of("gateway.tokens", TOKEN, "gateway.tls.cert.path", "/c.pem")))
        .isInstanceOf(Config.ConfigException.class);
  }

  @Test
  void theProducerIsAlwaysIdempotentWithAcksAllAndDecidesWithinTheProduceTimeout() {
    Config config =
        Gateway.withDefaults(
            Config.of(
                Map.of(
                    "gateway.tokens", TOKEN,
                    "gateway.produce.timeout", "5s",
                    "kafka.acks", "1",
                    "kafka.enable.idempotence", "false",
                    "kafka.security.protocol", "SASL_SSL",
                    "kafka.sasl.mechanism", "PLAIN",
                    "kafka.linger.ms", "10")));
    Map<String, Object> props = KafkaClients.producer(config, GatewaySettings.from(config));

    assertThat(props)
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", "true")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "PLAIN")
        .containsEntry("bootstrap.servers", "localhost:9092")
        .containsEntry("max.block.ms", "1000")
        .containsEntry("delivery.timeout.ms", "3000")
        .containsEntry("request.timeout.ms", "2990");
    KafkaClients.Timeouts timeouts = KafkaClients.timeouts(props);
    // Queue slack + max.block + delivery stays within the produce timeout.
    assertThat(timeouts.sendBudget()).isLessThan(Duration.ofSeconds(5));
    assertThat(KafkaClients.admin(config))
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("client.id", "leadstream-gateway-admin")
        .doesNotContainKeys("acks", "linger.ms");
  }

  @Test
  void onlyErrorsThatBreakTheProducerForGoodAreFatal() {
    assertThat(LeadProducer.isFatal(new KafkaException("fatal state"))).isTrue();
    assertThat(LeadProducer.isFatal(new IllegalStateException("closed"))).isTrue();
    assertThat(LeadProducer.isFatal(new TimeoutException("expired"))).isFalse();
    assertThat(LeadProducer.isFatal(new NotLeaderOrFollowerException("moved"))).isFalse();
    assertThat(LeadProducer.isFatal(new RecordTooLargeException("big"))).isFalse();
    assertThat(LeadProducer.isFatal(new LeadProducer.NotSentException("late"))).isFalse();
  }

  @Test
  void mainTakesAConfigFileAndNothingElse() {
    assertThat(GatewayMain.configFile(new String[0])).isEmpty();
    assertThat(GatewayMain.configFile(new String[] {"--config", "g.properties"}))
        .contains(Path.of("g.properties"));
    assertThat(GatewayMain.configFile(new String[] {"--config=g.properties"}))
        .isEqualTo(Optional.of(Path.of("g.properties")));
    assertThatThrownBy(() -> GatewayMain.configFile(new String[] {"--port", "1"}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static GatewaySettings settings(Map<String, String> values) {
    return GatewaySettings.from(Gateway.withDefaults(Config.of(values)));
  }
}
