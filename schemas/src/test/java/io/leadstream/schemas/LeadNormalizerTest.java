package io.leadstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link LeadNormalizer}: how the normalizers combine on one body. */
class LeadNormalizerTest {

  @ParameterizedTest
  @ValueSource(strings = {"US", "us", "USA", "United States", "U.S.A."})
  void theCountryHoweverWrittenIsThePhonesDefaultRegion(String country) {
    NormalizedLead lead = LeadNormalizer.normalize(body("6175555555", country, null));
    assertThat(lead.customer().country()).isEqualTo("US");
    assertThat(lead.customer().phone()).isEqualTo("+16175555555");
  }

  @Test
  void anUnknownCountryLeavesThePhoneToItsCountryCode() {
    NormalizedLead lead = LeadNormalizer.normalize(body("442079460321", "Atlantis", null));
    assertThat(lead.customer().country()).isNull();
    assertThat(lead.customer().phone()).isEqualTo("+442079460321");
  }

  @Test
  void anInvalidEmailIsKeptWithoutADomainOrABusinessVerdict() {
    Customer customer = LeadNormalizer.normalize(body(null, null, " not-an-email ")).customer();
    assertThat(customer.email()).isEqualTo("not-an-email");
    assertThat(customer.emailDomain()).isNull();
    assertThat(customer.businessEmail()).isNull();
  }

  @Test
  void aValidEmailCarriesItsDomainAndVerdict() {
    Customer business = LeadNormalizer.normalize(body(null, null, "Sam@Contoso.com")).customer();
    assertThat(business.email()).isEqualTo("Sam@Contoso.com");
    assertThat(business.emailDomain()).isEqualTo("contoso.com");
    assertThat(business.businessEmail()).isTrue();
    Customer free = LeadNormalizer.normalize(body(null, null, "sam@gmail.com")).customer();
    assertThat(free.businessEmail()).isFalse();
  }

  @Test
  void theDocumentedTestLeadIsATestLeadWithNormalizedContactFields() {
    // marketplace-leads.md section 4
    String marker = "MSFT_TEST_636573304831318844";
    NormalizedLead lead =
        LeadNormalizer.normalize(
            new PartnerCenterBody(
                "INS",
                null,
                "AzureMarketplace",
                marker,
                new UserDetails(
                    marker, marker, marker + "@test.com", "1234567890", "US", marker, marker),
                0));
    assertThat(lead.test()).isTrue();
    assertThat(lead.customer().phone()).isEqualTo("+11234567890");
    assertThat(lead.customer().country()).isEqualTo("US");
    assertThat(lead.notes()).isEqualTo(marker);
    assertThat(lead.campaign()).isEmpty();
  }

  private static PartnerCenterBody body(String phone, String country, String email) {
    return new PartnerCenterBody(
        "PLT",
        null,
        "SPZA",
        null,
        new UserDetails("Sam", "Sample", email, phone, country, "Contoso", null),
        0);
  }
}
