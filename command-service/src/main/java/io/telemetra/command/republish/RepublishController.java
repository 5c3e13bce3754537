package io.telemetra.command.republish;

import io.telemetra.api.admin.RepublishProgress;
import io.telemetra.api.admin.RepublishRequest;
import io.telemetra.api.admin.RepublishStarted;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

@RestController
@RequestMapping("/api/admin/republish")
class RepublishController {

    private final Republisher republisher;

    RepublishController(Republisher republisher) {
        this.republisher = republisher;
    }

    /** Starts a re-publication and answers at once; the body, and its {@code from}, are optional. */
    @PostMapping
    ResponseEntity<RepublishStarted> start(@RequestBody(required = false) RepublishRequest request) {
        RepublishJob job = republisher.start(request == null ? null : request.from());
        return ResponseEntity.accepted()
                .location(UriComponentsBuilder.fromPath("/api/admin/republish/{jobId}").build(job.id()))
                .body(new RepublishStarted(job.id()));
    }

    @GetMapping("/{jobId}")
    RepublishProgress progress(@PathVariable String jobId) {
        return republisher.progress(jobId);
    }
}
