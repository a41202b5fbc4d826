package io.leadstream.reliability;

import io.leadstream.schemas.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The leads the load generator posts: one script per customer, in the order one sender posts them.
 * About 30% of customers send the same lead twice (an identical repeat), 10% progress (Contact me,
 * then Get it now: a further action on the same offer), 5% say do-not-contact and 2% send a body
 * that is not a JSON object (400, kept on leads.dlq). Every customer carries the same recognisable
 * personal values, so that {@link LogPrivacyIT} can prove none of them reached a log.
 */
final class LeadMix {

  static final String FIRST_NAME = "Philippa";
  static final String LAST_NAME = "Quarrendon";
  static final String COMPANY = "Quarrendon Reliability Holdings";
  static final String TITLE = "Chief Throughput Officer";
  static final String PHONE = "+1 (425) 555-0173";
  static final String PHONE_E164 = "+14255550173";
  static final String NOTE = "Confidential budget note from the Quarrendon board";
  static final String EMAIL_DOMAIN = "quarrendon-holdings.example.com";

  /** What a post is, for the sender's own bookkeeping (the checker reads the topics instead). */
  enum Kind {
    ORIGINAL,
    DUPLICATE,
    PROGRESSION,
    DNC,
    INVALID,
    FIXTURE
  }

  /** One POST body. */
  record Post(int customer, Kind kind, byte[] body) {}

  private static final Pattern CUSTOMER = Pattern.compile("philippa\\.quarrendon\\.(\\d+)@");
  private static final Pattern ACTION = Pattern.compile("\"ActionCode\":\"(\\w+)\"");

  private LeadMix() {}

  static String email(int customer) {
    return "philippa.quarrendon." + customer + "@" + EMAIL_DOMAIN;
  }

  /** Customer {@code customer}'s posts; the same customer always gets the same script. */
  static List<Post> script(int customer, long seed) {
    // SplittableRandom mixes its seed: java.util.Random's first values of nearby seeds correlate.
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + customer);
    double roll = random.nextDouble();
    List<Post> posts = new ArrayList<>();
    if (roll < 0.01) {
      String broken = "{\"UserDetails\": {\"Email\": \"" + email(customer) + "\",";
      posts.add(new Post(customer, Kind.INVALID, utf8(broken)));
    } else if (roll < 0.02) {
      posts.add(new Post(customer, Kind.INVALID, utf8("[" + lead(customer, "PLT") + "]")));
    } else if (roll < 0.07) {
      posts.add(new Post(customer, Kind.DNC, utf8(lead(customer, "DNC"))));
    } else if (roll < 0.37) {
      byte[] body = utf8(lead(customer, "PLT"));
      posts.add(new Post(customer, Kind.ORIGINAL, body));
      posts.add(new Post(customer, Kind.DUPLICATE, body));
    } else if (roll < 0.47) {
      posts.add(new Post(customer, Kind.ORIGINAL, utf8(lead(customer, "PLT"))));
      posts.add(new Post(customer, Kind.PROGRESSION, utf8(lead(customer, "INS"))));
    } else {
      posts.add(new Post(customer, Kind.ORIGINAL, utf8(lead(customer, "PLT"))));
    }
    return posts;
  }

  /** Every shipped fixture body once (their personal values must not reach a log either). */
  static List<Post> fixtures() {
    return Fixtures.all().stream().map(f -> new Post(-1, Kind.FIXTURE, f.bytes())).toList();
  }

  /** A Partner Center body of customer {@code customer} with action {@code action}. */
  static String lead(int customer, String action) {
    String source = action.equals("INS") ? "AzureMarketplace-INS" : "SPZA-" + action;
    return "{\"UserDetails\":{\"FirstName\":\""
        + FIRST_NAME
        + "\",\"LastName\":\""
        + LAST_NAME
        + "\",\"Email\":\""
        + email(customer)
        + "\",\"Phone\":\""
        + PHONE
        + "\",\"Country\":\"US\",\"Company\":\""
        + COMPANY
        + "\",\"Title\":\""
        + TITLE
        + "\"},\"ActionCode\":\""
        + action
        + "\",\"LeadSource\":\""
        + source
        + "|contoso.sales-insights\",\"OfferTitle\":\"Contoso Sales Insights\",\"Description\":\""
        + NOTE
        + " "
        + customer
        + "\"}";
  }

  /** The customer a body of this mix belongs to, if it is one. */
  static OptionalInt customerOf(byte[] body) {
    Matcher m = CUSTOMER.matcher(new String(body, StandardCharsets.UTF_8));
    return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
  }

  /** The ActionCode of a body of this mix, or "" when it has none. */
  static String actionOf(byte[] body) {
    Matcher m = ACTION.matcher(new String(body, StandardCharsets.UTF_8));
    return m.find() ? m.group(1) : "";
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
