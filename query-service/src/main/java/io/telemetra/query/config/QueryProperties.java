package io.telemetra.query.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Bounds of query-service's answers under {@code telemetra.query.}: every answer has a bounded size, whatever is asked.
 *
 * @param page     paging of lists
 * @param readings time-series ranges
 */
@ConfigurationProperties("telemetra.query")
public record QueryProperties(@DefaultValue Paging page, @DefaultValue Readings readings) {

    /**
     * @param defaultSize page size when none is asked for
     * @param maxSize     largest page size accepted
     */
    public record Paging(@DefaultValue("20") int defaultSize, @DefaultValue("200") int maxSize) {

        public Paging {
            if (defaultSize < 1 || maxSize < defaultSize) {
                throw new IllegalArgumentException("telemetra.query.page: need 1 <= default-size <= max-size");
            }
        }
    }

    /**
     * @param maxPoints   most points or windows one answer may hold
     * @param maxRawRange longest range of raw readings one answer may cover
     */
    public record Readings(@DefaultValue("10000") int maxPoints, @DefaultValue("1d") Duration maxRawRange) {

        public Readings {
            if (maxPoints < 1 || maxRawRange.isNegative() || maxRawRange.isZero()) {
                throw new IllegalArgumentException("telemetra.query.readings: max-points and max-raw-range must be"
                        + " positive");
            }
        }
    }
}
