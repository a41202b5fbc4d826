package io.leadstream.imports;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a column of an export can hold, with the header names recognised for it. Header names are
 * compared {@linkplain #normalize normalized}: case, spaces and punctuation do not matter, so
 * {@code First name}, {@code FirstName} and {@code first_name} are one name.
 */
public enum LeadField {
  FIRST_NAME(
      "firstName",
      "FirstName",
      "firstname",
      "givenname",
      "fname",
      "contactfirstname",
      "customerfirstname"),
  LAST_NAME(
      "lastName",
      "LastName",
      "lastname",
      "surname",
      "familyname",
      "lname",
      "contactlastname",
      "customerlastname"),
  /** A whole name, split at its last space; used only when there is no first or last name. */
  FULL_NAME("fullName", null, "name", "fullname", "customername", "contactname", "leadname"),
  EMAIL(
      "email",
      "Email",
      "email",
      "emailaddress",
      "mail",
      "contactemail",
      "customeremail",
      "workemail",
      "businessemail"),
  PHONE(
      "phone",
      "Phone",
      "phone",
      "phonenumber",
      "telephone",
      "telephonenumber",
      "mobile",
      "mobilephone",
      "businessphone",
      "contactphone",
      "customerphone"),
  COUNTRY(
      "country",
      "Country",
      "country",
      "countryregion",
      "countryorregion",
      "countrycode",
      "customercountry"),
  COMPANY(
      "company",
      "Company",
      "company",
      "companyname",
      "organization",
      "organisation",
      "organizationname",
      "organisationname",
      "accountname",
      "customercompany",
      "customercompanyname"),
  TITLE("title", "Title", "title", "jobtitle", "contacttitle", "customertitle", "position"),
  OFFER_TITLE(
      "offerTitle",
      "OfferTitle",
      "offertitle",
      "offername",
      "offerdisplayname",
      "offer",
      "productname",
      "product",
      "listingname"),
  LEAD_SOURCE("leadSource", "LeadSource", "leadsource", "source"),
  ACTION_CODE("actionCode", "ActionCode", "actioncode", "action", "calltoaction"),
  DESCRIPTION(
      "description",
      "Description",
      "description",
      "notes",
      "note",
      "comments",
      "comment",
      "customernotes",
      "message"),
  CREATED_TIME(
      "createdTime",
      null,
      "createdtime",
      "created",
      "createdat",
      "createdon",
      "createddate",
      "createddatetime",
      "createdtimeutc",
      "createddateutc",
      "creationtime",
      "creationdate",
      "datecreated",
      "leadcreated",
      "leadcreatedon",
      "leadcreateddate"),
  /** Azure Table rows: the contact details as a JSON string (FirstName, LastName, Email, ...). */
  CUSTOMER_INFO("customerInfo", null, "customerinfo"),
  /**
   * Azure Table rows: when the row was last written; the creation time when CreatedTime is blank.
   */
  TIMESTAMP("timestamp", null, "timestamp");

  private final String mappingName;
  private final String jsonName;
  private final List<String> synonyms;

  LeadField(String mappingName, String jsonName, String... synonyms) {
    this.mappingName = mappingName;
    this.jsonName = jsonName;
    this.synonyms = List.of(synonyms);
  }

  /** The name used in mapping files, e.g. {@code firstName}. */
  public String mappingName() {
    return mappingName;
  }

  /** The property name in the Partner Center body, or null when the field is not one. */
  String jsonName() {
    return jsonName;
  }

  /** Normalized header names recognised for this field. */
  public List<String> synonyms() {
    return synonyms;
  }

  boolean isContact() {
    return this == FIRST_NAME
        || this == LAST_NAME
        || this == FULL_NAME
        || this == EMAIL
        || this == PHONE
        || this == COMPANY
        || this == CUSTOMER_INFO;
  }

  boolean isUserDetail() {
    return this == FIRST_NAME
        || this == LAST_NAME
        || this == EMAIL
        || this == PHONE
        || this == COUNTRY
        || this == COMPANY
        || this == TITLE;
  }

  /** The field a mapping file names ({@code firstName}, case-insensitive). */
  static Optional<LeadField> byMappingName(String name) {
    String wanted = normalize(name);
    return Arrays.stream(values()).filter(f -> normalize(f.mappingName).equals(wanted)).findFirst();
  }

  /** The field a header names by default, if any. */
  static Optional<LeadField> bySynonym(String normalizedHeader) {
    for (LeadField field : values()) {
      if (field.synonyms.contains(normalizedHeader)) {
        return Optional.of(field);
      }
    }
    return Optional.empty();
  }

  /**
   * A header name without case, spaces or punctuation: {@code "First name"}, {@code "FirstName"}
   * and {@code "first_name"} all become {@code "firstname"}. Letters of any script and digits are
   * kept.
   */
  public static String normalize(String header) {
    StringBuilder out = new StringBuilder(header.length());
    header
        .toLowerCase(Locale.ROOT)
        .codePoints()
        .filter(Character::isLetterOrDigit)
        .forEach(out::appendCodePoint);
    return out.toString();
  }
}
