package io.leadstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.schemas.LeadIds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HomeTest {

  @TempDir Path dir;

  @Test
  void aNewDataFolderGetsItsOwnRandomLeadIdSecretReadableByItsOwnerOnlyAndKeepsIt()
      throws Exception {
    Home home = new Home(dir.resolve(".leadstream"));

    Home.Secret first = home.leadIdSecret();
    Home.Secret again = home.leadIdSecret();

    assertThat(first.source()).isEqualTo(Home.SecretSource.GENERATED);
    assertThat(first.value()).matches("[0-9a-f]{64}").isNotEqualTo(LeadIds.DEV_SECRET);
    assertThat(again).isEqualTo(new Home.Secret(first.value(), Home.SecretSource.KEPT));
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(home.leadIdSecretFile())))
        .isEqualTo("rw-------");
    assertThat(home.keptLeadIdSecret()).contains(first.value());
    assertThat(new Home(dir.resolve("other")).leadIdSecret().value()).isNotEqualTo(first.value());
  }

  @Test
  void aDataFolderWithStateButNoSecretKeepsTheDevelopmentSecretItWasStartedWith() throws Exception {
    Home home = new Home(dir.resolve(".leadstream"));
    Files.createDirectories(home.stateDir().resolve("leadstream-processor"));

    Home.Secret secret = home.leadIdSecret();

    assertThat(secret)
        .isEqualTo(new Home.Secret(LeadIds.DEV_SECRET, Home.SecretSource.DEVELOPMENT));
    assertThat(home.leadIdSecretFile()).doesNotExist();
    assertThat(home.keptLeadIdSecret()).isEmpty();
    assertThat(secret.toString()).doesNotContain(LeadIds.DEV_SECRET);
  }

  @Test
  void theGeneratedGatewayTokenIsReadableByItsOwnerOnly() throws Exception {
    Home home = new Home(dir.resolve(".leadstream"));

    Home.Token token = home.token(java.util.Map.of());

    assertThat(token.generated()).isTrue();
    assertThat(home.token(java.util.Map.of()).first()).isEqualTo(token.first());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.tokenFile())))
        .isEqualTo("rw-------");
  }
}
