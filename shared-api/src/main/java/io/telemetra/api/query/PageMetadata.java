package io.telemetra.api.query;

/**
 * @param number        zero-based index of the page
 * @param size          the requested page size (the last page may hold fewer items)
 * @param totalElements items matching the filters across all pages
 * @param totalPages    pages of {@code size} items needed for them
 */
public record PageMetadata(int number, int size, long totalElements, int totalPages) {

    public static PageMetadata of(int number, int size, long totalElements) {
        return new PageMetadata(number, size, totalElements, (int) ((totalElements + size - 1) / size));
    }
}
