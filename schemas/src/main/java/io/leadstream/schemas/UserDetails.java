package io.leadstream.schemas;

import java.util.StringJoiner;

/**
 * The {@code UserDetails} object of a Partner Center body as received: every value a string or
 * null, not normalized. All of it is personal data: {@link #toString()} names present fields only.
 */
public record UserDetails(
    String firstName,
    String lastName,
    String email,
    String phone,
    String country,
    String company,
    String title) {

  /** UserDetails with no field (the body had none, or it was not an object). */
  public static UserDetails empty() {
    return new UserDetails(null, null, null, null, null, null, null);
  }

  @Override
  public String toString() {
    StringJoiner present = new StringJoiner(",", "UserDetails[present=", "]");
    if (firstName != null) present.add("firstName");
    if (lastName != null) present.add("lastName");
    if (email != null) present.add("email");
    if (phone != null) present.add("phone");
    if (country != null) present.add("country");
    if (company != null) present.add("company");
    if (title != null) present.add("title");
    return present.toString();
  }
}
