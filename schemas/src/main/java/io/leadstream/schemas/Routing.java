package io.leadstream.schemas;

/**
 * LeadEvent v1 {@code routing}: where the lead goes inside the publisher (filled by the processor
 * from the country and the offer catalog; any part may be null).
 */
public record Routing(String region, String owner, String productLine) {}
