package io.telemetra.command.archive;

import io.telemetra.api.admin.ArchiveProgress;
import io.telemetra.api.admin.ArchiveStarted;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

@RestController
@RequestMapping("/api/admin/archive")
class ArchiveController {

    private final Archiver archiver;

    ArchiveController(Archiver archiver) {
        this.archiver = archiver;
    }

    /** Starts archiving what is past the hot horizon and answers at once; progress is at the returned location. */
    @PostMapping
    ResponseEntity<ArchiveStarted> start() {
        ArchiveJob job = archiver.start();
        return ResponseEntity.accepted()
                .location(UriComponentsBuilder.fromPath("/api/admin/archive/{jobId}").build(job.id()))
                .body(new ArchiveStarted(job.id()));
    }

    @GetMapping("/{jobId}")
    ArchiveProgress progress(@PathVariable String jobId) {
        return archiver.progress(jobId);
    }
}
