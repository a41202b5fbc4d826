package io.leadstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadstream.schemas.CustomerIdentity.Kind;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class IdentityTest {

  private static final LeadIds IDS = LeadIds.withSecret("0123456789abcdef-test-secret");

  private static NormalizedLead lead(
      String email, String phone, String first, String last, String company, String leadSource) {
    return LeadNormalizer.normalize(
        new PartnerCenterBody(
            "INS",
            null,
            leadSource,
            null,
            new UserDetails(first, last, email, phone, "US", company, null),
            0));
  }

  @Test
  void identityIsTheNormalizedEmailFirst() {
    CustomerIdentity identity =
        lead(" Jane.Doe@Contoso.COM ", "6175555555", "Jane", "Doe", "Contoso", null).identity();
    assertThat(identity).isEqualTo(new CustomerIdentity(Kind.EMAIL, "jane.doe@contoso.com"));
  }

  @Test
  void identityFallsBackToThePhoneThenToNameAndCompany() {
    assertThat(lead("bad", "6175555555", "Jane", "Doe", "Contoso", null).identity())
        .isEqualTo(new CustomerIdentity(Kind.PHONE, "+16175555555"));
    assertThat(lead(null, null, "  Jane ", "DOE", " Contoso  Ltd ", null).identity())
        .isEqualTo(new CustomerIdentity(Kind.NAME_COMPANY, "jane doe|contoso ltd"));
  }

  @Test
  void aNameWithoutCompanyOrACompanyWithoutNameIsNoIdentity() {
    assertThat(lead(null, null, "Jane", "Doe", null, null).identity()).isNull();
    assertThat(lead(null, null, null, null, "Contoso", null).identity()).isNull();
    assertThat(lead(null, null, null, null, null, null).identified()).isFalse();
  }

  @Test
  void leadIdIsLdPlusLowercaseBase32OfTwentyBytes() {
    String id = IDS.leadId(new CustomerIdentity(Kind.EMAIL, "a@contoso.com"), "contoso.app");
    assertThat(id).matches("ld_[a-z2-7]{32}");
  }

  @Test
  void leadIdIsStableAcrossCasingAndWhitespaceOfTheSameEmail() {
    NormalizedLead a = lead("Jane.Doe@Contoso.com", null, null, null, null, "SPZA-PLT|contoso.app");
    NormalizedLead b =
        lead("  jane.doe@CONTOSO.COM\t", "999", "J", null, null, "AppSource-INS | Contoso.App");
    assertThat(IDS.leadId(a, "in_1")).isEqualTo(IDS.leadId(b, "in_2"));
  }

  @Test
  void leadIdDiffersPerOfferPerCustomerAndPerSecret() {
    CustomerIdentity jane = new CustomerIdentity(Kind.EMAIL, "jane@contoso.com");
    CustomerIdentity john = new CustomerIdentity(Kind.EMAIL, "john@contoso.com");
    Set<String> ids =
        Set.of(
            IDS.leadId(jane, "contoso.app"),
            IDS.leadId(jane, "contoso.other"),
            IDS.leadId(jane, ""),
            IDS.leadId(john, "contoso.app"),
            LeadIds.devDefault().leadId(jane, "contoso.app"));
    assertThat(ids).hasSize(5);
  }

  @Test
  void identitiesOfDifferentKindsNeverShareAnId() {
    assertThat(IDS.leadId(new CustomerIdentity(Kind.PHONE, "+16175555555"), ""))
        .isNotEqualTo(IDS.leadId(new CustomerIdentity(Kind.NAME_COMPANY, "+16175555555"), ""));
  }

  @Test
  void leadIdCarriesNoPersonalData() {
    String id = IDS.leadId(new CustomerIdentity(Kind.EMAIL, "jane@contoso.com"), "contoso.app");
    assertThat(id).doesNotContain("jane", "contoso");
    assertThat(IDS.toString()).doesNotContain("0123456789abcdef");
  }

  @Test
  void unidentifiedLeadsGetOneIdPerIngestId() {
    NormalizedLead anonymous = lead(null, null, null, null, null, "AzureMarketplace");
    String first = IDS.leadId(anonymous, "in_aaaa");
    String second = IDS.leadId(anonymous, "in_bbbb");
    assertThat(first).isNotEqualTo(second).matches("ld_[a-z2-7]{32}");
    assertThat(IDS.leadIdForUnidentified("in_aaaa")).isEqualTo(first);
  }

  @Test
  void rejectsSecretsShorterThanSixteenBytes() {
    assertThatThrownBy(() -> LeadIds.withSecret("short-secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("short-secret");
    assertThat(LeadIds.withSecret(new byte[16])).isNotNull();
  }

  @Test
  void theDevSecretIsRecognisable() {
    assertThat(LeadIds.devDefault().usesDevSecret()).isTrue();
    assertThat(IDS.usesDevSecret()).isFalse();
  }

  @Test
  void base32FollowsRfc4648Lowercase() {
    byte[] foobar = "foobar".getBytes(StandardCharsets.US_ASCII);
    assertThat(LeadIds.base32(foobar, 6)).isEqualTo("mzxw6ytboi");
    assertThat(LeadIds.base32(foobar, 5)).isEqualTo("mzxw6ytb");
    assertThat(LeadIds.base32(foobar, 1)).isEqualTo("my");
  }

  @Test
  void isSafeToShareBetweenThreads() {
    CustomerIdentity jane = new CustomerIdentity(Kind.EMAIL, "jane@contoso.com");
    String expected = IDS.leadId(jane, "x");
    Set<String> seen = ConcurrentHashMap.newKeySet();
    IntStream.range(0, 10_000).parallel().forEach(i -> seen.add(IDS.leadId(jane, "x")));
    assertThat(seen).containsExactly(expected);
    List<String> distinct =
        IntStream.range(0, 1000).mapToObj(i -> IDS.leadIdForUnidentified("in_" + i)).toList();
    assertThat(new HashSet<>(distinct)).hasSize(1000);
  }

  @Test
  void identityToStringHidesTheValue() {
    assertThat(new CustomerIdentity(Kind.EMAIL, "jane@contoso.com").toString())
        .doesNotContain("jane")
        .contains("EMAIL");
  }
}
