package io.telemetra.projection.parking;

import io.telemetra.api.admin.ParkedEventRetried;
import io.telemetra.api.admin.ParkedEventView;
import io.telemetra.api.query.Page;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/admin/parked-events")
class ParkedEventController {

    static final int MAX_PAGE_SIZE = 200;

    private final ParkedEventStore store;
    private final ParkedEventRetrier retrier;

    ParkedEventController(ParkedEventStore store, ParkedEventRetrier retrier) {
        this.store = store;
        this.retrier = retrier;
    }

    /** Oldest first. */
    @GetMapping
    Page<ParkedEventView> parkedEvents(@RequestParam(defaultValue = "0") int page,
                                       @RequestParam(defaultValue = "50") int size) {
        if (page < 0) {
            throw new InvalidPagingException("page", "page must be at least 0, got " + page);
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidPagingException("size", "size must be between 1 and " + MAX_PAGE_SIZE + ", got " + size);
        }
        return store.page(page, size);
    }

    /**
     * Applies the parked event through the normal path and removes it from the parking; then applies the events its
     * device had held behind it.
     */
    @PostMapping("/{id}/retry")
    ParkedEventRetried retry(@PathVariable long id) {
        return retrier.retry(id);
    }

    /**
     * Gives up on the parked event for good (it stays listed as skipped, and a rebuild skips it too); the events its
     * device had held behind it are applied.
     */
    @PostMapping("/{id}/skip")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void skip(@PathVariable long id) {
        retrier.skip(id);
    }
}
