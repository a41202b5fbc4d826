package io.leadstream.schemas;

/**
 * Turns a parsed Partner Center body into a {@link NormalizedLead}. A pure function: no I/O, no
 * state, thread-safe (the libphonenumber, country and free-mail tables are built once, on first
 * use). Never fails on any body the parser produced.
 *
 * <ul>
 *   <li>source, action, stage, offer: {@link LeadOrigin#of};
 *   <li>names, company, title: {@link Text#clean} (trimmed, whitespace collapsed, Unicode kept);
 *   <li>country: {@link Countries#toAlpha2}; phone: {@link Phones#toE164} with the country as
 *       default region; email: {@link Emails#normalize};
 *   <li>notes and campaign: {@link Campaigns#split}; test flag: {@link TestLeads#isTestLead};
 *   <li>identity: {@link CustomerIdentity#of}.
 * </ul>
 */
public final class LeadNormalizer {

  /** Normalizes one parsed body. */
  public static NormalizedLead normalize(PartnerCenterBody body) {
    LeadOrigin origin = LeadOrigin.of(body.leadSource(), body.actionCode(), body.offerTitle());
    UserDetails user = body.userDetails();
    String country = Countries.toAlpha2(user.country());
    EmailAddress email = Emails.normalize(user.email());
    Customer customer =
        new Customer(
            Text.clean(user.firstName()),
            Text.clean(user.lastName()),
            email.address(),
            email.domain(),
            email.valid() ? email.business() : null,
            Phones.toE164(user.phone(), country),
            country,
            Text.clean(user.company()),
            Text.clean(user.title()));
    DescriptionParts description = Campaigns.split(body.description());
    return new NormalizedLead(
        origin.source(),
        origin.action(),
        origin.stage(),
        origin.offer(),
        customer,
        description.notes(),
        description.campaign(),
        TestLeads.isTestLead(body),
        CustomerIdentity.of(email, customer));
  }

  /** Parses and normalizes raw bytes; see {@link PartnerCenterParser#parse(byte[])}. */
  public static NormalizedLead parseAndNormalize(byte[] body) throws LeadParseException {
    return normalize(PartnerCenterParser.parse(body));
  }

  private LeadNormalizer() {}
}
