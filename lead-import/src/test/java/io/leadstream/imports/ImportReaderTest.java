package io.leadstream.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImportReaderTest {

  private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

  private static final String PARTNER_CENTER_HEADER =
      "First name,Last name,Email,Phone,Country/region,Company name,Job title,Offer name,"
          + "Lead source,Action code,Created date,Description,Status,Substatus\n";

  private static ImportFile read(String text) throws ImportFileException {
    return read(text.getBytes(StandardCharsets.UTF_8), ImportOptions.defaults());
  }

  private static ImportFile read(byte[] bytes, ImportOptions options) throws ImportFileException {
    return ImportReader.read(bytes, options, NOW);
  }

  private static String body(ImportedLead lead) {
    return new String(lead.body(), StandardCharsets.UTF_8);
  }

  @Test
  void readsAPartnerCenterCsvExportIntoPartnerCenterBodiesDatedByTheirCreationTime()
      throws Exception {
    ImportFile file =
        read(
            PARTNER_CENTER_HEADER
                + "Pat,Doe,pat.doe@contoso.example.com,16175555555,US,Contoso,CTO,Sales Insights,"
                + "SPZA-PLT|contoso.sales-insights,PLT,2026-11-02T09:30:00Z,Wants a demo,New,Received\n");

    assertThat(file.format()).isEqualTo(ImportFormat.CSV);
    assertThat(file.rowsRead()).isEqualTo(1);
    assertThat(file.rejections()).isEmpty();
    assertThat(file.ignoredColumns()).containsExactly("Status", "Substatus");
    ImportedLead lead = file.leads().get(0);
    assertThat(lead.row()).isEqualTo(2);
    assertThat(lead.createdAt()).isEqualTo(Instant.parse("2026-11-02T09:30:00Z"));
    assertThat(body(lead))
        .isEqualTo(
            "{\"UserDetails\":{\"FirstName\":\"Pat\",\"LastName\":\"Doe\","
                + "\"Email\":\"pat.doe@contoso.example.com\",\"Phone\":\"16175555555\","
                + "\"Country\":\"US\",\"Company\":\"Contoso\",\"Title\":\"CTO\"},"
                + "\"LeadSource\":\"SPZA-PLT|contoso.sales-insights\",\"ActionCode\":\"PLT\","
                + "\"OfferTitle\":\"Sales Insights\",\"Description\":\"Wants a demo\"}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"First name", "FirstName", "first_name", "FIRST NAME", " First-Name "})
  void matchesAHeaderWhateverItsCasingSpacesOrPunctuation(String header) throws Exception {
    ImportFile file = read(header + ",Email,Created\nPat,pat@contoso.example.com,2026-11-02\n");

    assertThat(body(file.leads().get(0))).contains("\"FirstName\":\"Pat\"");
    assertThat(file.ignoredColumns()).isEmpty();
  }

  @Test
  void omitsBlankCellsAndSplitsAWholeNameWhenThereIsNoFirstOrLastName() throws Exception {
    ImportFile file =
        read("Customer name,Email,Company,Created\nMary Ann Smith,,Fabrikam,2026-11-02\n");

    assertThat(body(file.leads().get(0)))
        .isEqualTo(
            "{\"UserDetails\":{\"FirstName\":\"Mary Ann\",\"LastName\":\"Smith\","
                + "\"Company\":\"Fabrikam\"}}");
  }

  @Test
  void readsAnAzureTableExportWithCustomerInfoAsAJsonString() throws Exception {
    String csv =
        "PartitionKey,RowKey,Timestamp,ActionCode,ActionCode@type,CreatedTime,CreatedTime@type,"
            + "CustomerInfo,Description,LeadSource,OfferDisplayName\n"
            + "leads,7f3c,2026-11-03T10:00:01.1234567Z,INS,Edm.String,2026-11-03T10:00:00.0000000Z,"
            + "Edm.DateTime,\"{\"\"FirstName\"\":\"\"Lee\"\",\"\"lastName\"\":\"\"Chen\"\","
            + "\"\"Email\"\":\"\"lee@fabrikam.example.com\"\",\"\"Country\"\":\"\"CA\"\"}\","
            + "notes,AzureMarketplace,Fabrikam Analytics\n"
            + "leads,7f3d,2026-11-04T08:00:00Z,PLT,Edm.String,,Edm.DateTime,"
            + "\"{\"\"Email\"\":\"\"kim@fabrikam.example.com\"\"}\",,AzureMarketplace,Fabrikam\n";

    ImportFile file = read(csv);

    assertThat(file.format()).isEqualTo(ImportFormat.AZURE_TABLE);
    assertThat(file.ignoredColumns()).isEmpty();
    assertThat(file.rejections()).isEmpty();
    assertThat(body(file.leads().get(0)))
        .isEqualTo(
            "{\"UserDetails\":{\"FirstName\":\"Lee\",\"LastName\":\"Chen\","
                + "\"Email\":\"lee@fabrikam.example.com\",\"Country\":\"CA\"},"
                + "\"LeadSource\":\"AzureMarketplace\",\"ActionCode\":\"INS\","
                + "\"OfferTitle\":\"Fabrikam Analytics\",\"Description\":\"notes\"}");
    assertThat(file.leads().get(0).createdAt()).isEqualTo(Instant.parse("2026-11-03T10:00:00Z"));
    // A blank CreatedTime falls back to the row's Timestamp.
    assertThat(file.leads().get(1).createdAt()).isEqualTo(Instant.parse("2026-11-04T08:00:00Z"));
  }

  @Test
  void rejectsARowWhoseCustomerInfoIsNotAJsonObjectWithoutQuotingIt() throws Exception {
    ImportFile file =
        read(
            "PartitionKey,RowKey,CreatedTime,CustomerInfo\n"
                + "p,1,2026-11-03T10:00:00Z,secret.person@example.com\n");

    assertThat(file.leads()).isEmpty();
    Rejection rejection = file.rejections().get(0);
    assertThat(rejection.row()).isEqualTo(2);
    assertThat(rejection.column()).isEqualTo("CustomerInfo");
    assertThat(rejection.reason()).startsWith("not a JSON object").doesNotContain("secret");
  }

  @Test
  void readsNdjsonBodiesByteForByteDatedByTheirCreatedTimeElseTheImportTime() throws Exception {
    String first =
        "{\"UserDetails\":{\"Email\":\"a@contoso.example.com\"},\"createdTime\":\"2026-11-01T08:00:00Z\"}";
    String second =
        "{\"UserDetails\":{\"Email\":\"b@contoso.example.com\"},\"ActionCode\":\"INS\"}";

    ImportFile file = read(first + "\r\n\n" + second + "\n");

    assertThat(file.format()).isEqualTo(ImportFormat.NDJSON);
    assertThat(file.rowsRead()).isEqualTo(2);
    assertThat(file.leads()).extracting(ImportedLead::row).containsExactly(1, 3);
    assertThat(body(file.leads().get(0))).isEqualTo(first);
    assertThat(file.leads().get(0).createdAt()).isEqualTo(Instant.parse("2026-11-01T08:00:00Z"));
    assertThat(body(file.leads().get(1))).isEqualTo(second);
    assertThat(file.leads().get(1).createdAt()).isEqualTo(NOW);
  }

  @Test
  void rejectsNdjsonLinesThatAreNotOneJsonObjectWithTheirLineNumber() throws Exception {
    ImportFile file =
        read(
            "{\"UserDetails\":{\"Email\":\"a@contoso.example.com\"}}\n"
                + "{\"UserDetails\":{\"Email\":\"x@contoso.example.com\"} \"ActionCode\":\"INS\"}\n"
                + "[{\"Email\":\"y@contoso.example.com\"}]\n"
                + "{\"Email\":\"z@contoso.example.com\",\"CreatedTime\":\"yesterday\"}\n"
                + "{\"Email\":\"w@contoso.example.com\",\"CreatedTime\":\"2099-01-01T00:00:00Z\"}\n");

    assertThat(file.leads()).hasSize(1);
    assertThat(file.rejections())
        .extracting(Rejection::row, Rejection::column)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2, null),
            org.assertj.core.groups.Tuple.tuple(3, null),
            org.assertj.core.groups.Tuple.tuple(4, "CreatedTime"),
            org.assertj.core.groups.Tuple.tuple(5, "CreatedTime"));
    assertThat(file.rejections().get(0).reason()).startsWith("malformed-json: ");
    assertThat(file.rejections().get(1).reason()).startsWith("not-an-object: ");
    assertThat(file.rejections().get(3).reason()).contains("future");
    assertThat(file.rejections())
        .allSatisfy(r -> assertThat(r.describe("line")).doesNotContain("@contoso"));
  }

  @Test
  void detectsTheFormatFromTheContent() throws Exception {
    assertThat(ImportReader.detect("  \n{\"a\":1}")).isEqualTo(ImportFormat.NDJSON);
    assertThat(ImportReader.detect("Email,Created\n")).isEqualTo(ImportFormat.CSV);
    assertThat(ImportReader.detect("PartitionKey;RowKey;CreatedTime\n"))
        .isEqualTo(ImportFormat.AZURE_TABLE);
    assertThatThrownBy(() -> ImportReader.detect("[{\"a\":1}]"))
        .isInstanceOf(ImportFileException.class)
        .hasMessageContaining("JSON array");
  }

  @Test
  void readsTheFormatItIsToldEvenWhenTheContentSuggestsAnother() throws Exception {
    byte[] azureLooking =
        "PartitionKey,RowKey,Email,Created\np,1,a@contoso.example.com,2026-11-02\n"
            .getBytes(StandardCharsets.UTF_8);

    ImportFile file = read(azureLooking, ImportOptions.defaults().withFormat(ImportFormat.CSV));

    assertThat(file.format()).isEqualTo(ImportFormat.CSV);
    assertThat(file.leads()).hasSize(1);
  }

  @Test
  void readsSemicolonAndTabSeparatedFiles() throws Exception {
    assertThat(
            read("Email;Created;Company\na@contoso.example.com;2026-11-02;Contoso, Ltd\n").leads())
        .hasSize(1);
    ImportFile tabs = read("Email\tCreated\tCompany\na@contoso.example.com\t2026-11-02\tContoso\n");
    assertThat(body(tabs.leads().get(0))).contains("\"Company\":\"Contoso\"");
  }

  @Test
  void keepsQuotedLineBreaksSeparatorsAndQuotesInsideOneValueAndCountsRowsAsASpreadsheetDoes()
      throws Exception {
    ImportFile file =
        read(
            "Email,Created,Description\n"
                + "a@contoso.example.com,2026-11-02,\"Line one,\nline \"\"two\"\"\"\n"
                + "b@contoso.example.com,not a date,x\n");

    assertThat(body(file.leads().get(0)))
        .contains("\"Description\":\"Line one,\\nline \\\"two\\\"\"");
    assertThat(file.rejections()).extracting(Rejection::row).containsExactly(3);
  }

  @Test
  void stripsAUtf8ByteOrderMarkSoTheFirstHeaderIsRecognised() throws Exception {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] csv =
        "Email,Created\na@contoso.example.com,2026-11-02\n".getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[bom.length + csv.length];
    System.arraycopy(bom, 0, withBom, 0, 3);
    System.arraycopy(csv, 0, withBom, 3, csv.length);

    ImportFile file = read(withBom, ImportOptions.defaults());

    assertThat(file.ignoredColumns()).isEmpty();
    assertThat(body(file.leads().get(0))).contains("a@contoso.example.com");
  }

  @Test
  void readsUtf16WithAByteOrderMarkAsExcelsUnicodeTextWritesIt() throws Exception {
    byte[] utf16 =
        "Email\tFirst name\tCreated\na@contoso.example.com\tZoë\t2026-11-02\n"
            .getBytes(StandardCharsets.UTF_16); // big-endian with a byte order mark

    ImportFile file = read(utf16, ImportOptions.defaults());

    assertThat(body(file.leads().get(0))).contains("\"FirstName\":\"Zoë\"");
  }

  @Test
  void refusesUtf16WithoutAByteOrderMarkBeforeReadingAnyRow() {
    byte[] utf16 =
        "Email,Created\na@contoso.example.com,2026-11-02\n".getBytes(StandardCharsets.UTF_16LE);

    assertThatThrownBy(() -> read(utf16, ImportOptions.defaults()))
        .isInstanceOf(ImportFileException.class)
        .hasMessageContaining("UTF-16")
        .hasMessageContaining("--charset");
  }

  @Test
  void refusesLatin1BytesWithTheLineWhereTheyAreAndReadsThemWhenTheCharsetIsGiven()
      throws Exception {
    byte[] latin1 =
        "Email,First name,Created\na@contoso.example.com,Zoë,2026-11-02\n"
            .getBytes(StandardCharsets.ISO_8859_1);

    assertThatThrownBy(() -> read(latin1, ImportOptions.defaults()))
        .isInstanceOf(ImportFileException.class)
        .hasMessageContaining("not valid UTF-8 at line 2")
        .hasMessageContaining("windows-1252");
    ImportOptions windows1252 =
        new ImportOptions(
            Optional.empty(),
            ColumnMapping.defaults(),
            Optional.of(Charset.forName("windows-1252")),
            ZoneId.of("UTC"));
    assertThat(body(read(latin1, windows1252).leads().get(0))).contains("Zoë");
  }

  @Test
  void refusesAnEmptyFileAndOneWithOnlyAByteOrderMark() {
    assertThatThrownBy(() -> read(new byte[0], ImportOptions.defaults()))
        .isInstanceOf(ImportFileException.class)
        .hasMessage("the file is empty");
    assertThatThrownBy(
            () ->
                read(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, ImportOptions.defaults()))
        .isInstanceOf(ImportFileException.class)
        .hasMessageContaining("no data");
  }

  @Test
  void readsAHeaderWithoutRowsAsNothingToImport() throws Exception {
    ImportFile file = read("Email,Created\n");

    assertThat(file.rowsRead()).isZero();
    assertThat(file.leads()).isEmpty();
  }

  @Test
  void refusesAFileWithoutACreationTimeColumnAndNamesTheWayToMapOne() {
    assertThatThrownBy(() -> read("Email,Company\na@contoso.example.com,Contoso\n"))
        .isInstanceOf(ImportFileException.class)
        .hasMessageContaining("no column holds the creation time")
        .hasMessageContaining("= createdTime");
  }

  @Test
  void refusesAFileWithoutAnyContactColumn() {
    assertThatThrownBy(() -> read("Offer name,Created\nSales Insights,2026-11-02\n"))
        .isInstanceOf(ImportFileException.class)
        .hasMessageContaining("no column holds contact details");
  }

  @Test
  void refusesTwoColumnsHoldingTheSameFieldUntilAMappingFileSaysWhichToRead() throws Exception {
    String csv = "Email,E-mail address,Created\na@contoso.example.com,,2026-11-02\n";
    assertThatThrownBy(() -> read(csv))
        .isInstanceOf(ImportFileException.class)
        .hasMessageContaining("'Email' and 'E-mail address' both hold email");

    ColumnMapping mapping = ColumnMapping.parse(List.of("E-mail address = ignore"), "test");
    ImportFile file =
        read(csv.getBytes(StandardCharsets.UTF_8), ImportOptions.defaults().withMapping(mapping));
    assertThat(file.leads()).hasSize(1);
    assertThat(file.ignoredColumns()).isEmpty();
  }

  @Test
  void refusesAnUnclosedQuoteWithItsRowAndImportsNothingOfTheFile() {
    String csv =
        "Email,Created,Description\n"
            + "a@contoso.example.com,2026-11-02,fine\n"
            + "b@contoso.example.com,2026-11-02,\"never closed\n"
            + "c@contoso.example.com,2026-11-02,fine\n";

    assertThatThrownBy(() -> read(csv))
        .isInstanceOf(ImportFileException.class)
        .hasMessageContaining("row 3")
        .hasMessageContaining("nothing of this file was imported");
  }

  @Test
  void rejectsBadRowsWithRowNumberColumnAndReasonButNeverTheValue() throws Exception {
    ImportFile file =
        read(
            "Email,First name,Created,Company\n"
                + "ok@contoso.example.com,Pat,2026-11-02T10:00:00Z,Contoso\n"
                + "sam.private@contoso.example.com,Sam,Sam's birthday,Contoso\n"
                + "\n"
                + "jo.private@contoso.example.com,Jo,,Contoso\n"
                + "al.private@contoso.example.com,Al,2099-01-01,Contoso\n"
                + ",,2026-11-02,\n"
                + "li.private@contoso.example.com,Li,2026-11-02,Contoso,Extra,Values\n"
                + "ok2@contoso.example.com,Kim,11/20/2026 10:15:30 PM,Contoso,\n");

    assertThat(file.rowsRead()).isEqualTo(7);
    assertThat(file.leads()).extracting(ImportedLead::row).containsExactly(2, 9);
    assertThat(file.leads().get(1).createdAt()).isEqualTo(Instant.parse("2026-11-20T22:15:30Z"));
    assertThat(file.rejections())
        .extracting(r -> r.describe("row"))
        .containsExactly(
            "row 3, column 'Created': not a date-time this importer reads (write ISO-8601 such as"
                + " 2026-11-20T10:15:30Z, or 11/20/2026 10:15:30 AM)",
            "row 5, column 'Created': blank; a lead needs its creation time",
            "row 6, column 'Created': in the future (after the import time)",
            "row 7: no contact details (name, email, phone and company are all blank)",
            "row 8: has 6 values but the header has 4 columns (an unquoted separator?)");
    assertThat(file.rejections().toString()).doesNotContain("private", "birthday", "Sam", "Extra");
  }

  @Test
  void readsColumnsAMappingFileNamesAndReportsUnknownOnesAsIgnored(@TempDir Path dir)
      throws Exception {
    Path mappingFile = dir.resolve("mapping.txt");
    Files.writeString(
        mappingFile,
        "# German export\nVorname = firstName\nErstellt am = createdTime\nE-Mail-Adresse=email\n"
            + "Intern: Notiz = ignore\n");
    ColumnMapping mapping = ColumnMapping.load(mappingFile);

    ImportFile file =
        read(
            "Vorname,E-Mail-Adresse,Erstellt am,Intern: Notiz,Lieblingsfarbe\n"
                .concat("Jürgen,j@contoso.example.com,2026-11-02,x,blau\n")
                .getBytes(StandardCharsets.UTF_8),
            ImportOptions.defaults().withMapping(mapping));

    assertThat(body(file.leads().get(0)))
        .isEqualTo(
            "{\"UserDetails\":{\"FirstName\":\"Jürgen\",\"Email\":\"j@contoso.example.com\"}}");
    assertThat(file.ignoredColumns()).containsExactly("Lieblingsfarbe");
  }

  @Test
  void refusesAMappingFileLineThatNamesNoKnownFieldWithItsLineNumber() {
    assertThatThrownBy(() -> ColumnMapping.parse(List.of("# c", "Vorname = vorname"), "map.txt"))
        .isInstanceOf(ImportFileException.class)
        .hasMessageContaining("map.txt line 2: unknown field 'vorname'")
        .hasMessageContaining("firstName");
    assertThatThrownBy(() -> ColumnMapping.parse(List.of("Vorname firstName"), "map.txt"))
        .isInstanceOf(ImportFileException.class)
        .hasMessageContaining("line 1");
  }

  @Test
  void readsTimesWithoutAZoneInTheZoneItIsGiven() throws Exception {
    ImportOptions berlin =
        new ImportOptions(
            Optional.empty(),
            ColumnMapping.defaults(),
            Optional.empty(),
            ZoneId.of("Europe/Berlin"));

    ImportFile file =
        read(
            "Email,Created\na@contoso.example.com,2026-11-02 10:00:00\n"
                .getBytes(StandardCharsets.UTF_8),
            berlin);

    assertThat(file.leads().get(0).createdAt()).isEqualTo(Instant.parse("2026-11-02T09:00:00Z"));
  }
}
