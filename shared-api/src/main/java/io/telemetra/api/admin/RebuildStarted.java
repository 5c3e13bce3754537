package io.telemetra.api.admin;

/** Answer of {@code POST /api/admin/rebuild}: the rebuild whose progress {@code GET /api/admin/rebuild/{id}} shows. */
public record RebuildStarted(String rebuildId) {
}
