package io.telemetra.api.telemetry;

/** What a device did with one reading of a {@link RecordReadingsCommand}. */
public enum ReadingOutcome {
    /** stored as a new reading */
    RECORDED,
    /** an exact repeat of a reading the device remembers (same id, same content): nothing stored */
    DUPLICATE,
    /** the device remembers a reading with the same id and other content: refused, nothing stored */
    CONFLICT
}
