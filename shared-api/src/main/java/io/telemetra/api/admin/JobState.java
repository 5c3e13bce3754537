package io.telemetra.api.admin;

/** Where a long-running administrative job (rebuild, re-publication) stands. */
public enum JobState {
    RUNNING, COMPLETED, FAILED
}
