package io.leadstream.schemas;

/**
 * A normalized email address; see {@link Emails#normalize}. Personal data: {@link #toString()}
 * shows only the verdicts.
 *
 * @param address the address as sent, trimmed (case kept), or null when blank
 * @param identity the address lower-cased and NFKC-normalized, for identity; null when invalid
 * @param domain the lower-cased domain of a valid address, else null
 * @param valid whether the syntax check passed
 * @param freeMail whether the domain (or a parent domain) is on the shipped free-mail list
 */
public record EmailAddress(
    String address, String identity, String domain, boolean valid, boolean freeMail) {

  /** Valid and not free-mail: a company (or institution) address. */
  public boolean business() {
    return valid && !freeMail;
  }

  @Override
  public String toString() {
    return "EmailAddress[present="
        + (address != null)
        + ", valid="
        + valid
        + ", freeMail="
        + freeMail
        + "]";
  }
}
