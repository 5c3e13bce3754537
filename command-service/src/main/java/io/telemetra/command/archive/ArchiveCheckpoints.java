package io.telemetra.command.archive;

/**
 * Told each time the archive has committed a step for a partition. The archive does nothing with it; it lets a test
 * stop the archive right there, as a kill would, and prove the next run resumes without losing an event.
 */
@FunctionalInterface
public interface ArchiveCheckpoints {

    enum Step {
        /** Every device of the partition has a snapshot past its events there. */
        SNAPSHOTS_TAKEN,
        /** The segment's file is durable in the store; its manifest and catalog rows are not written yet. */
        FILE_WRITTEN,
        /** The manifest is durable too; the catalog does not know the segment yet. */
        MANIFEST_WRITTEN,
        /** The catalog records the segment as EXPORTED. */
        EXPORTED,
        /** The file was read back and matched: VERIFIED. */
        VERIFIED,
        /** Inside the drop's transaction: the partition is locked and still matches the archive; not dropped yet. */
        CHECKED_UNDER_LOCK,
        /** The partition is dropped and the segment DROPPED, committed. */
        DROPPED
    }

    ArchiveCheckpoints NONE = (step, partition) -> { };

    void reached(Step step, String partition);
}
