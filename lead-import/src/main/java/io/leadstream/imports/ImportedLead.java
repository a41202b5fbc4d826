package io.leadstream.imports;

import java.time.Instant;

/**
 * One row ready to be written to {@code leads.raw}.
 *
 * @param row where it came from (row or line number)
 * @param body a Partner Center JSON body (UTF-8)
 * @param createdAt when Partner Center created the lead (the import time when the file does not
 *     say)
 */
public record ImportedLead(int row, byte[] body, Instant createdAt) {}
