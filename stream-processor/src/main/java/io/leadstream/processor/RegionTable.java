package io.leadstream.processor;

import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.Routing;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sales region by ISO 3166-1 alpha-2 country, from the shipped table {@code regions.csv} (NA,
 * LATAM, EMEA, APAC), with per-country overrides from config ({@code processor.region.CC=REGION},
 * {@link ProcessorSettings#regionOverrides()}).
 */
public final class RegionTable {

  private static final String RESOURCE = "regions.csv";

  private final Map<String, String> regions;

  private RegionTable(Map<String, String> regions) {
    this.regions = Map.copyOf(regions);
  }

  /** The shipped table with {@code overrides} (country code to region) on top. */
  public static RegionTable shipped(Map<String, String> overrides) {
    Map<String, String> table = new HashMap<>();
    try (InputStream in = RegionTable.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the processor jar");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#") || line.startsWith("country,")) {
          continue;
        }
        String[] parts = line.split(",", 2);
        table.put(parts[0].trim().toUpperCase(Locale.ROOT), parts[1].trim());
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + RESOURCE, e);
    }
    overrides.forEach(
        (country, region) -> table.put(country.toUpperCase(Locale.ROOT), region.trim()));
    return new RegionTable(table);
  }

  /**
   * The region step: {@code event} routed to its customer's region (null when unknown); owner and
   * product line come later, from the offer catalog.
   */
  LeadEvent withRegion(LeadEvent event) {
    return event.withRouting(new Routing(region(event.customer().country()), null, null));
  }

  /** The region of an alpha-2 country code, or null when the country is unknown or null. */
  public String region(String country) {
    return country == null ? null : regions.get(country.toUpperCase(Locale.ROOT));
  }

  int size() {
    return regions.size();
  }
}
