package io.leadstream.schemas;

import static io.leadstream.schemas.HostileInput.utf8;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * zzuf's idea in Java: byte-level mutations of real-format leads (bit flips at a ratio, single bit
 * flips, random bytes, byte insertion, deletion and duplication, truncation, UTF-8 breakage, and
 * splicing of two real leads), seeded so that any mutant can be made again from the campaign's
 * printed seed and the mutant's index: {@code new ByteMutator(seed).mutant(index)}.
 *
 * <p>The real-format leads are every shipped sample ({@link Fixtures#all()}, what {@code
 * ./leadstream send --samples} posts) and two shapes from the marketplace documentation the samples
 * do not have: an Azure Table row ({@code CustomerInfo} as a JSON string, {@code OfferDisplayName})
 * and a one-line body with {@code "Source-Action | Offer"}. All fake data.
 *
 * <p>Nothing here knows what a mutant should give: each campaign derives that from the body (the
 * gateway's {@link JsonBodies#checkObject}, its size limit).
 */
public final class ByteMutator {

  /** A real-format lead to mutate: its name (a fixture's, or the documented shape's) and bytes. */
  public record RealLead(String name, byte[] bytes) {}

  /** One mutated body and how it was made. */
  public record Mutant(long seed, long index, String from, List<String> operations, byte[] body) {

    /** How to make the mutant again, the lead it came from and its operations (no body). */
    public String origin() {
      return "mutant "
          + index
          + " of seed "
          + seed
          + " (new ByteMutator("
          + seed
          + "L).mutant("
          + index
          + ")): "
          + from
          + " "
          + operations;
    }

    /** The mutant, reproducible: {@link #origin()} and its body in hex. */
    public String describe() {
      String hex = HexFormat.of().formatHex(body, 0, Math.min(body.length, 300));
      return origin() + " body[" + body.length + "]=" + hex;
    }
  }

  /** The property that fixes a campaign's seed; without it the seed is random (and printed). */
  public static final String SEED_PROPERTY = "leadstream.fuzz.seed";

  private static final List<RealLead> REAL_LEADS = realLeadsOnce();

  /** Bytes that matter to a JSON reader or a UTF-8 decoder, inserted more often than others. */
  private static final byte[] INTERESTING = {
    '"',
    '\\',
    '{',
    '}',
    '[',
    ']',
    ',',
    ':',
    ' ',
    '\n',
    0,
    '0',
    '-',
    'e',
    'u',
    (byte) 0x80,
    (byte) 0xBF,
    (byte) 0xC0,
    (byte) 0xC3,
    (byte) 0xE2,
    (byte) 0xED,
    (byte) 0xF0,
    (byte) 0xF4,
    (byte) 0xFE,
    (byte) 0xFF
  };

  /** Sequences that break UTF-8: truncated, lone continuation, overlong, surrogate, too high. */
  private static final byte[][] BROKEN_UTF8 = {
    {(byte) 0xC3},
    {(byte) 0x80},
    {(byte) 0xFF},
    {(byte) 0xFE},
    {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
    {(byte) 0xED, (byte) 0xBF, (byte) 0xBF},
    {(byte) 0xC0, (byte) 0xAF},
    {(byte) 0xC1, (byte) 0xBF},
    {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
    {(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0xAF},
    {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
    {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
    {(byte) 0xE2, (byte) 0x82},
    {(byte) 0xF0, (byte) 0x9F, (byte) 0x98},
    {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, // a BOM, valid but unexpected mid-body
  };

  private final long seed;
  private final List<RealLead> leads;

  /** A mutator of {@link #realLeads()}. */
  public ByteMutator(long seed) {
    this(seed, REAL_LEADS);
  }

  public ByteMutator(long seed, List<RealLead> leads) {
    this.seed = seed;
    this.leads = List.copyOf(leads);
  }

  public long seed() {
    return seed;
  }

  /**
   * The campaign seed: {@value #SEED_PROPERTY} if set, else a random one. Printed with {@code
   * campaign}'s name either way, so a failing run can be repeated with {@code -D}{@value
   * #SEED_PROPERTY}{@code =...}.
   */
  public static long campaignSeed(String campaign) {
    Long fixed = Long.getLong(SEED_PROPERTY);
    long seed = fixed != null ? fixed : new SplittableRandom().nextLong();
    System.out.printf(
        "%s: mutation seed %d (repeat with -D%s=%d)%n", campaign, seed, SEED_PROPERTY, seed);
    return seed;
  }

  /** The real-format leads mutants start from. */
  public static List<RealLead> realLeads() {
    return REAL_LEADS;
  }

  /** Mutants 0, 1, 2, ... of this seed. */
  public Iterator<Mutant> mutants() {
    return new Iterator<>() {
      private long next;

      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public Mutant next() {
        return mutant(next++);
      }
    };
  }

  /** Mutant {@code index} of this seed: the same bytes on every machine and run. */
  public Mutant mutant(long index) {
    SplittableRandom random = new SplittableRandom(seed ^ (index * 0x9E3779B97F4A7C15L));
    RealLead lead = leads.get(random.nextInt(leads.size()));
    byte[] body = lead.bytes();
    List<String> operations = new ArrayList<>();
    // Mostly one or two mutations, sometimes many (zzuf's default is a ratio, which FLIPS gives).
    int count = 1 + (random.nextInt(4) == 0 ? random.nextInt(8) : random.nextInt(2));
    for (int i = 0; i < count; i++) {
      body = mutateOnce(random, body, operations);
    }
    return new Mutant(seed, index, lead.name(), List.copyOf(operations), body);
  }

  private byte[] mutateOnce(SplittableRandom random, byte[] body, List<String> operations) {
    int op = random.nextInt(10);
    if (body.length == 0 && op != 3 && op != 9) {
      op = 3; // only insertion and splicing make something of nothing
    }
    switch (op) {
      case 0 -> {
        // zzuf: flip each bit with a small probability
        double ratio = 0.0005 + random.nextDouble() * 0.01;
        byte[] out = body.clone();
        int flipped = 0;
        // The gaps between flipped bits are geometric: one draw per flip, not one per bit.
        long bit = gap(random, ratio);
        while (bit < out.length * 8L) {
          out[(int) (bit / 8)] ^= (byte) (1 << (bit % 8));
          flipped++;
          bit += 1 + gap(random, ratio);
        }
        operations.add("flips(" + flipped + ")");
        return out;
      }
      case 1 -> {
        int at = random.nextInt(body.length);
        int bit = random.nextInt(8);
        byte[] out = body.clone();
        out[at] ^= (byte) (1 << bit);
        operations.add("flip(" + at + "." + bit + ")");
        return out;
      }
      case 2 -> {
        int at = random.nextInt(body.length);
        byte[] out = body.clone();
        out[at] = randomByte(random);
        operations.add("set(" + at + ")");
        return out;
      }
      case 3 -> {
        int at = random.nextInt(body.length + 1);
        byte[] inserted = new byte[1 + random.nextInt(8)];
        for (int i = 0; i < inserted.length; i++) {
          inserted[i] = randomByte(random);
        }
        operations.add("insert(" + at + "," + inserted.length + ")");
        return splice(body, at, at, inserted);
      }
      case 4 -> {
        int at = random.nextInt(body.length);
        int length = Math.min(body.length - at, 1 + random.nextInt(16));
        operations.add("delete(" + at + "," + length + ")");
        return splice(body, at, at + length, new byte[0]);
      }
      case 5 -> {
        int from = random.nextInt(body.length);
        int length = Math.min(body.length - from, 1 + random.nextInt(64));
        int to = random.nextInt(body.length + 1);
        operations.add("duplicate(" + from + "," + length + "->" + to + ")");
        return splice(body, to, to, Arrays.copyOfRange(body, from, from + length));
      }
      case 6 -> {
        int at = random.nextInt(body.length);
        operations.add("truncate(" + at + ")");
        return Arrays.copyOf(body, at);
      }
      case 7 -> {
        // Break a multi-byte character if there is one (drop a continuation or the lead byte).
        List<Integer> multi = new ArrayList<>();
        for (int i = 0; i < body.length; i++) {
          if ((body[i] & 0xC0) == 0x80) {
            multi.add(i);
          }
        }
        if (!multi.isEmpty() && random.nextBoolean()) {
          int at = multi.get(random.nextInt(multi.size()));
          operations.add("utf8-cut(" + at + ")");
          return splice(body, at, at + 1, new byte[0]);
        }
        int at = random.nextInt(body.length + 1);
        byte[] bad = BROKEN_UTF8[random.nextInt(BROKEN_UTF8.length)];
        operations.add("utf8-bad(" + at + "," + HexFormat.of().formatHex(bad) + ")");
        return splice(body, at, at, bad);
      }
      case 8 -> {
        // Swap two bytes: quotes and braces change places.
        int a = random.nextInt(body.length);
        int b = random.nextInt(body.length);
        byte[] out = body.clone();
        out[a] = body[b];
        out[b] = body[a];
        operations.add("swap(" + a + "," + b + ")");
        return out;
      }
      default -> {
        RealLead other = leads.get(random.nextInt(leads.size()));
        byte[] tail = other.bytes();
        int cut = random.nextInt(body.length + 1);
        int from = random.nextInt(tail.length + 1);
        operations.add("splice(" + cut + "," + other.name() + "@" + from + ")");
        return splice(body, cut, body.length, Arrays.copyOfRange(tail, from, tail.length));
      }
    }
  }

  private static long gap(SplittableRandom random, double ratio) {
    return (long) (Math.log(1 - random.nextDouble()) / Math.log(1 - ratio));
  }

  private static byte randomByte(SplittableRandom random) {
    return random.nextBoolean()
        ? INTERESTING[random.nextInt(INTERESTING.length)]
        : (byte) random.nextInt(256);
  }

  /** {@code body} with {@code [from, to)} replaced by {@code with}. */
  private static byte[] splice(byte[] body, int from, int to, byte[] with) {
    byte[] out = new byte[body.length - (to - from) + with.length];
    System.arraycopy(body, 0, out, 0, from);
    System.arraycopy(with, 0, out, from, with.length);
    System.arraycopy(body, to, out, from + with.length, body.length - to);
    return out;
  }

  private static List<RealLead> realLeadsOnce() {
    List<RealLead> leads = new ArrayList<>();
    for (Fixtures.Fixture fixture : Fixtures.all()) {
      leads.add(new RealLead(fixture.name(), fixture.bytes()));
    }
    // An Azure Table destination's row (docs/marketplace-leads.md, section 5).
    leads.add(
        new RealLead(
            "doc:azure-table-row",
            utf8(
                "{\"PartitionKey\":\"AzureMarketplace\",\"RowKey\":\"2b6a1c1e-0d7a-4f3e-9a55-1c2d3e4f5a6b\","
                    + "\"Timestamp\":\"2024-03-05T10:15:30.123Z\",\"ActionCode\":\"INS\","
                    + "\"CreatedTime\":\"2024-03-05T10:15:29Z\",\"CustomerInfo\":\"{\\\"FirstName\\\":"
                    + "\\\"Kim\\\",\\\"LastName\\\":\\\"Sample\\\",\\\"Email\\\":\\\"kim.sample@example.net\\\","
                    + "\\\"Phone\\\":\\\"+1 425 555 0142\\\",\\\"Country\\\":\\\"US\\\",\\\"Company\\\":"
                    + "\\\"Fabrikam\\\",\\\"Title\\\":\\\"CTO\\\"}\",\"Description\":\" \","
                    + "\"LeadSource\":\"AzureMarketplace-INS|fabrikam.fabrikam-analytics\","
                    + "\"OfferDisplayName\":\"Fabrikam Analytics\"}")));
    // The documented "Source-Action | Offer" with spaces, on one line (section 3).
    leads.add(
        new RealLead(
            "doc:source-action-offer",
            utf8(
                "{\"ActionCode\":\"StartTestDrive\",\"OfferTitle\":\"Woodgrove Vault\","
                    + "\"LeadSource\":\"TestDrive-StartTestDrive | woodgrove.vault-byol\","
                    + "\"Description\":\"\",\"UserDetails\":{\"FirstName\":\"Ana\",\"LastName\":"
                    + "\"Exemplo\",\"Email\":\"ana.exemplo@example.org\",\"Phone\":\"5511955550199\","
                    + "\"Country\":\"BR\",\"Company\":\"Woodgrove\",\"Title\":\"Engenheira\"}}")));
    return List.copyOf(leads);
  }
}
