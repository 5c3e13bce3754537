package io.telemetra.projection.rebuild;

import io.telemetra.api.admin.RebuildProgress;
import io.telemetra.api.admin.RebuildStarted;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

import java.sql.SQLException;

@RestController
@RequestMapping("/api/admin/rebuild")
class RebuildController {

    private final Rebuilds rebuilds;

    RebuildController(Rebuilds rebuilds) {
        this.rebuilds = rebuilds;
    }

    /** Starts a rebuild of every read model and answers at once; progress is at the returned location. */
    @PostMapping
    ResponseEntity<RebuildStarted> start() throws SQLException {
        RebuildJob job = rebuilds.start();
        return ResponseEntity.accepted()
                .location(UriComponentsBuilder.fromPath("/api/admin/rebuild/{rebuildId}").build(job.id()))
                .body(new RebuildStarted(job.id()));
    }

    @GetMapping("/{rebuildId}")
    RebuildProgress progress(@PathVariable String rebuildId) {
        return rebuilds.progress(rebuildId);
    }
}
