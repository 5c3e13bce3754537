package io.telemetra.command.scaleout;

import io.telemetra.command.IntegrationTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An instance claims its fair share of each processor's segments: when a second instance connects to the database it
 * releases the surplus for the newcomer to claim, and when that instance is gone it claims them all again. The second
 * instance is played by a connection named as command-service names its connections; it claims nothing, so the
 * released segment stays unclaimed while it is there.
 */
class SegmentSharingIT extends IntegrationTestBase {

    private static final String PUBLISHER = "kafka-publisher";
    private static final Duration CLAIM_ROUNDS = Duration.ofSeconds(60);

    @Autowired
    private DataSource dataSource;

    @Test
    void anInstanceReleasesHalfOfTheTwoSegmentsWhenASecondInstanceRunsAndTakesThemBackWhenItIsGone() throws Exception {
        await().atMost(CLAIM_ROUNDS).until(() -> ownedHere(), owned -> owned == 2);

        try (Connection secondInstance = connectAs(ScaleOutConfiguration.APPLICATION_PREFIX + "4242@elsewhere")) {
            await().atMost(CLAIM_ROUNDS).until(() -> ownedHere(), owned -> owned == 1);
            assertThat(owners()).as("the other segment is free for the second instance").containsValue("");
            assertThat(secondInstance.isValid(1)).isTrue();
        }

        await().atMost(CLAIM_ROUNDS).until(() -> ownedHere(), owned -> owned == 2);
    }

    private long ownedHere() {
        return owners().values().stream().filter(ScaleOutConfiguration.INSTANCE::equals).count();
    }

    /** Segment: owner, empty when unclaimed. */
    private Map<Integer, String> owners() {
        return jdbc.queryForList("select segment, owner from token_entry where processor_name = ?", PUBLISHER)
                .stream().collect(Collectors.toMap(row -> ((Number) row.get("segment")).intValue(),
                        row -> row.get("owner") == null ? "" : (String) row.get("owner")));
    }

    private Connection connectAs(String applicationName) throws Exception {
        String url;
        try (Connection any = dataSource.getConnection()) {
            url = any.getMetaData().getURL();
        }
        Properties properties = new Properties();
        properties.setProperty("user", jdbc.queryForObject("select current_user", String.class));
        properties.setProperty("ApplicationName", applicationName);
        return DriverManager.getConnection(url, properties);
    }
}
