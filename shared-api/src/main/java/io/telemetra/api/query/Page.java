package io.telemetra.api.query;

import java.util.List;

/**
 * One page of a list answer of query-service: the same shape for every paged resource.
 *
 * @param content the items of this page, possibly none
 * @param page    where this page lies in the whole result
 */
public record Page<T>(List<T> content, PageMetadata page) {

    public Page {
        content = List.copyOf(content);
    }
}
