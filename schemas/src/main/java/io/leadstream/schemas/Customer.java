package io.leadstream.schemas;

import java.util.StringJoiner;

/**
 * LeadEvent v1 {@code customer}: normalized contact fields. Every field is personal data except
 * {@code country} and {@code businessEmail}; {@link #toString()} therefore names only which fields
 * are present, never their values.
 *
 * @param email the address as sent, trimmed (case kept); see {@link Emails}
 * @param emailDomain the lower-cased domain of a syntactically valid address, else null
 * @param businessEmail true when the address is valid and not on the free-mail list; null when
 *     there is no valid address
 * @param phone E.164 ({@code +16175555555}) or null when it could not be normalized
 * @param country ISO 3166-1 alpha-2 or null when unknown
 */
public record Customer(
    String firstName,
    String lastName,
    String email,
    String emailDomain,
    Boolean businessEmail,
    String phone,
    String country,
    String company,
    String title) {

  /** A customer with no field known. */
  public static Customer empty() {
    return new Customer(null, null, null, null, null, null, null, null, null);
  }

  @Override
  public String toString() {
    StringJoiner present = new StringJoiner(",", "Customer[present=", "");
    if (firstName != null) present.add("firstName");
    if (lastName != null) present.add("lastName");
    if (email != null) present.add("email");
    if (phone != null) present.add("phone");
    if (company != null) present.add("company");
    if (title != null) present.add("title");
    return present + ", country=" + country + ", businessEmail=" + businessEmail + "]";
  }
}
