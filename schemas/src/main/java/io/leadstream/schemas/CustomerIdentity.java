package io.leadstream.schemas;

import java.util.Objects;

/**
 * Who a lead is about, for de-duplication (docs/processor.md, "de-duplicate"): the normalized
 * email; else the E.164 phone; else name and company. Never leaves the process in clear: only
 * {@link LeadIds} sees the value, through a keyed hash. {@link #toString()} shows the kind only.
 *
 * @param kind which rule produced the identity
 * @param value the normalized value (personal data)
 */
public record CustomerIdentity(Kind kind, String value) {

  /** Which rule produced the identity, in order of preference. */
  public enum Kind {
    /** The lower-cased, NFKC-normalized, trimmed email address (valid syntax only). */
    EMAIL,
    /** The E.164 phone number. */
    PHONE,
    /** {@code first last|company}, each NFKC, lower-cased, whitespace collapsed. */
    NAME_COMPANY
  }

  public CustomerIdentity {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
  }

  /**
   * The identity of a normalized customer, or null when it has none (no valid email, no phone, and
   * not both a name and a company): such leads are never de-duplicated.
   */
  public static CustomerIdentity of(EmailAddress email, Customer customer) {
    if (email != null && email.valid()) {
      return new CustomerIdentity(Kind.EMAIL, email.identity());
    }
    if (customer.phone() != null) {
      return new CustomerIdentity(Kind.PHONE, customer.phone());
    }
    String name = Text.key(join(customer.firstName(), customer.lastName()));
    String company = Text.key(customer.company());
    if (name != null && company != null) {
      return new CustomerIdentity(Kind.NAME_COMPANY, name + "|" + company);
    }
    return null;
  }

  private static String join(String first, String last) {
    if (first == null) {
      return last;
    }
    return last == null ? first : first + " " + last;
  }

  @Override
  public String toString() {
    return "CustomerIdentity[kind=" + kind + ", value=<redacted>]";
  }
}
