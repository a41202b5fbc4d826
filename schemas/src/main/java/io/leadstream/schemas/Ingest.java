package io.leadstream.schemas;

/**
 * LeadEvent v1 {@code ingest}: the ingest id of the raw record (the {@code leads.raw} key) and how
 * it arrived ({@link RawHeaders#CHANNEL_HTTPS} or {@link RawHeaders#CHANNEL_IMPORT}).
 */
public record Ingest(String id, String channel) {}
