package io.leadstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestIdsTest {

  @Test
  void aSaneRequestIdFromTheCallerIsKept() {
    assertThat(RequestIds.fromHeader("crm-42.retry:1_A")).isEqualTo("crm-42.retry:1_A");
    assertThat(RequestIds.fromHeader("a".repeat(128))).isEqualTo("a".repeat(128));
  }

  @Test
  void aMissingOrUnsafeRequestIdIsReplacedByANewOne() {
    for (String unsafe :
        new String[] {null, "", "a".repeat(129), "two words", "line\nbreak", "x\"y", "ünï"}) {
      String id = RequestIds.fromHeader(unsafe);
      assertThat(id).startsWith(RequestIds.PREFIX).hasSize(RequestIds.PREFIX.length() + 26);
      assertThat(id.substring(RequestIds.PREFIX.length())).matches("[0-9a-hjkmnp-tv-z]{26}");
    }
  }

  @Test
  void newRequestIdsDiffer() {
    assertThat(RequestIds.fromHeader(null)).isNotEqualTo(RequestIds.fromHeader(null));
  }
}
