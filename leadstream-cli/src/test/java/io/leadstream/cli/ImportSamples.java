package io.leadstream.cli;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Realistic, deterministic, fake leads for the import tests, as a Partner Center CSV export and as
 * the HTTPS bodies Partner Center would have posted for the same leads. Every lead is a distinct
 * customer (its own email), so each is one customer-offer; its category decides where it goes.
 */
final class ImportSamples {

  /**
   * Where a lead is routed: decided by its action (every lead has a business email and company).
   */
  enum Category {
    QUALIFIED,
    NURTURE,
    DNC
  }

  record Lead(
      int index,
      String firstName,
      String lastName,
      String email,
      String phone,
      String country,
      String company,
      String title,
      String offerId,
      String offerTitle,
      String source,
      String action,
      String description,
      Instant createdAt,
      Category category) {

    String leadSource() {
      return source + "-" + action + "|" + offerId;
    }
  }

  private static final String[] FIRST =
      "Ana,Ben,Chloé,Dev,Elif,Femi,Grace,Hiro,Ines,Jonas,Kavya,Liam,Mei,Noah,Olga,Priya,Quinn,Rosa,Sven,Tara"
          .split(",");
  private static final String[] LAST =
      "Alvarez,Brown,Chen,Dubois,Eriksen,Fischer,García,Hughes,Ito,Jensen,Kowalski,Lee,Müller,Nair,O'Brien,Patel,Rossi,Smith,Tanaka,Weber"
          .split(",");
  private static final String[][] COMPANIES = {
    {"Contoso Ltd", "contoso.example.com"},
    {"Fabrikam, Inc.", "fabrikam.example.com"},
    {"Northwind Traders", "northwind.example.com"},
    {"Tailspin Toys", "tailspin.example.com"},
    {"Wide World Importers", "wideworld.example.com"},
    {"Adventure Works", "adventure-works.example.com"},
    {"Litware", "litware.example.com"},
    {"Proseware", "proseware.example.com"},
  };
  private static final String[] TITLES = {"CTO", "IT Manager", "Data Engineer", "VP Sales", ""};
  private static final String[] COUNTRIES = {"US", "GB", "DE", "FR", "CA", "AU", "IN", "JP"};
  private static final String[][] OFFERS = {
    {"contoso.sales-insights", "Contoso Sales Insights"},
    {"fabrikam.analytics-pro", "Fabrikam Analytics Pro"},
    {"litware.backup-byol", "Litware Backup (BYOL)"},
    {"proseware.3701c77e-1cfa-4c56", "Proseware Docs"},
    {"northwind.erp-connector", "Northwind ERP Connector"},
  };
  private static final String[] DESCRIPTIONS = {
    "",
    "Interested in a demo for 50 seats",
    "Need pricing, and a trial licence",
    "Questions:\n1. SSO?\n2. \"EU\" data residency?",
    "mktcmpid=spring-launch partnerid=1234 Please call after 3pm",
  };

  private static final DateTimeFormatter PARTNER_CENTER_TIME =
      DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US).withZone(ZoneOffset.UTC);

  private ImportSamples() {}

  /** {@code count} leads created one every 20 s up to {@code newest} (seconds precision). */
  static List<Lead> leads(int count, Instant newest) {
    Random random = new Random(20261121L);
    List<Lead> leads = new ArrayList<>(count);
    Instant last = newest.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    for (int i = 0; i < count; i++) {
      String first = FIRST[random.nextInt(FIRST.length)];
      String lastName = LAST[random.nextInt(LAST.length)];
      String[] company = COMPANIES[random.nextInt(COMPANIES.length)];
      String[] offer = OFFERS[i % OFFERS.length];
      Category category =
          i % 10 == 7 ? Category.DNC : i % 10 == 8 ? Category.NURTURE : Category.QUALIFIED;
      String action =
          switch (category) {
            case DNC -> "DNC";
            case NURTURE -> "RNW"; // an undocumented action: not qualified
            case QUALIFIED -> i % 2 == 0 ? "PLT" : "INS";
          };
      String source = action.equals("INS") ? "AzureMarketplace" : "SPZA";
      String email =
          (ascii(first) + "." + ascii(lastName) + "." + i + "@" + company[1])
              .toLowerCase(Locale.ROOT);
      leads.add(
          new Lead(
              i,
              first,
              lastName,
              email,
              "1425555" + String.format(Locale.ROOT, "%04d", i),
              COUNTRIES[random.nextInt(COUNTRIES.length)],
              company[0],
              TITLES[random.nextInt(TITLES.length)],
              offer[0],
              offer[1],
              source,
              action,
              DESCRIPTIONS[random.nextInt(DESCRIPTIONS.length)],
              last.minusSeconds(20L * (count - 1 - i)),
              category));
    }
    return leads;
  }

  private static String ascii(String name) {
    return java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD)
        .replaceAll("[^A-Za-z]", "");
  }

  /**
   * A Partner Center Referrals-style CSV export: a UTF-8 byte order mark as Excel writes it, US
   * dates, quoted values with commas, quotes and line breaks, and status columns the importer does
   * not read.
   */
  static byte[] partnerCenterCsv(List<Lead> leads) {
    StringBuilder csv = new StringBuilder("\uFEFF");
    csv.append(
        "Created date,First name,Last name,Email,Phone,Country/region,Company name,Job title,"
            + "Offer name,Lead source,Action code,Description,Status,Substatus\r\n");
    for (Lead lead : leads) {
      csv.append(
              String.join(
                  ",",
                  PARTNER_CENTER_TIME.format(lead.createdAt()),
                  quote(lead.firstName()),
                  quote(lead.lastName()),
                  lead.email(),
                  lead.phone(),
                  lead.country(),
                  quote(lead.company()),
                  quote(lead.title()),
                  quote(lead.offerTitle()),
                  quote(lead.leadSource()),
                  lead.action(),
                  quote(lead.description()),
                  "New",
                  "Received"))
          .append("\r\n");
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The body Partner Center would have posted for {@code lead}: other property casing and order
   * than the importer writes, to show that dedup compares leads, not bytes.
   */
  static String httpsBody(Lead lead) {
    StringBuilder json = new StringBuilder("{");
    json.append("\"leadSource\":").append(str(lead.leadSource()));
    json.append(",\"actionCode\":").append(str(lead.action()));
    json.append(",\"offerTitle\":").append(str(lead.offerTitle()));
    if (!lead.description().isBlank()) {
      json.append(",\"description\":").append(str(lead.description()));
    }
    json.append(",\"userDetails\":{");
    json.append("\"email\":").append(str(lead.email()));
    json.append(",\"firstName\":").append(str(lead.firstName()));
    json.append(",\"lastName\":").append(str(lead.lastName()));
    json.append(",\"phone\":").append(str(lead.phone()));
    json.append(",\"country\":").append(str(lead.country()));
    json.append(",\"company\":").append(str(lead.company()));
    if (!lead.title().isBlank()) {
      json.append(",\"title\":").append(str(lead.title()));
    }
    return json.append("}}").toString();
  }

  private static String quote(String value) {
    if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
      return "\"" + value.replace("\"", "\"\"") + "\"";
    }
    return value;
  }

  private static String str(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
