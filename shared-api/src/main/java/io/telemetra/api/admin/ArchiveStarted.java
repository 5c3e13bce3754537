package io.telemetra.api.admin;

/** Answer of {@code POST /api/admin/archive}: the job whose progress {@code GET /api/admin/archive/{jobId}} shows. */
public record ArchiveStarted(String jobId) {
}
