package io.telemetra.api.admin;

/** Answer of {@code POST /api/admin/republish}: the job whose progress {@code GET /api/admin/republish/{jobId}} shows. */
public record RepublishStarted(String jobId) {
}
