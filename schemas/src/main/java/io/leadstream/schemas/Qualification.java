package io.leadstream.schemas;

import java.util.List;

/**
 * LeadEvent v1 {@code qualification}: whether the lead met the qualification rules, a 0-100 score
 * and the reasons (rule names, never personal data).
 */
public record Qualification(boolean qualified, int score, List<String> reasons) {
  public Qualification {
    if (score < 0 || score > 100) {
      throw new IllegalArgumentException("score must be 0-100, was " + score);
    }
    reasons = reasons == null ? List.of() : List.copyOf(reasons);
  }
}
