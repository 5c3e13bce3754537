package io.telemetra.command.archive;

import io.telemetra.api.error.DomainException;
import io.telemetra.api.error.ErrorCode;

/** An archive was asked for while archiving is off (telemetra.archive.enabled). */
class ArchiveDisabledException extends DomainException {

    ArchiveDisabledException() {
        super(ErrorCode.ARCHIVE_DISABLED, "archiving is off: set telemetra.archive.enabled (TELEMETRA_ARCHIVE_ENABLED)"
                + " and an archive directory to archive reading events");
    }
}
