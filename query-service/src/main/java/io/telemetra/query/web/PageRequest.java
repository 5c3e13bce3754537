package io.telemetra.query.web;

import io.telemetra.query.config.QueryProperties;

/**
 * A validated {@code page} and {@code size} of a list request: out-of-bounds values are a 400 naming the parameter.
 *
 * @param number zero-based page index
 * @param size   items per page
 */
public record PageRequest(int number, int size) {

    // Beyond this an offset scan would be too slow to be useful; filters narrow a list better.
    static final int MAX_PAGE = 100_000;

    public static PageRequest of(Integer page, Integer size, QueryProperties.Paging paging) {
        int number = page == null ? 0 : page;
        if (number < 0 || number > MAX_PAGE) {
            throw new InvalidParameterException("page", "page must be between 0 and " + MAX_PAGE + ", got " + page);
        }
        int pageSize = size == null ? paging.defaultSize() : size;
        if (pageSize < 1 || pageSize > paging.maxSize()) {
            throw new InvalidParameterException("size",
                    "size must be between 1 and " + paging.maxSize() + ", got " + size);
        }
        return new PageRequest(number, pageSize);
    }

    public long offset() {
        return (long) number * size;
    }
}
