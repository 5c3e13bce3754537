package io.telemetra.projection.rebuild;

import io.telemetra.projection.support.ProjectionServiceIntegrationTest;
import io.telemetra.testsupport.RestartablePostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * query-service connects with a role that may only read the read models: the migrations grant it SELECT on every table
 * of the schema they build, the live one and a rebuilt one alike, so the grants go with a rebuilt schema when it
 * replaces the live one.
 */
@ProjectionServiceIntegrationTest
class ReaderRoleIT {

    private static final String READER = "telemetra_reader";

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Flyway flyway;
    @Autowired
    ReadModelSchemas schemas;
    @Autowired
    ShadowWriter writer;
    @Autowired
    RestartablePostgres postgres;

    private JdbcTemplate reader;

    /** The role is provisioned with the database; the next start's migration run grants it. */
    @BeforeEach
    void provisionTheRoleAndMigrate() {
        jdbc.execute("do $$ begin if not exists (select 1 from pg_roles where rolname = '" + READER + "') then "
                + "create role " + READER + " login; end if; end $$");
        flyway.migrate();
        reader = new JdbcTemplate(postgres.getDatabase(READER, "postgres"));
    }

    @Test
    void theReaderReadsEveryReadModelTableAndWritesNone() {
        String live = schemas.live();
        List<String> tables = tablesOf(live);
        assertThat(tables).contains("device", "device_latest_reading", "reading", "reading_window_1m", "alert",
                "reading_window_1h_pending", "reading_window_1h_exact");

        tables.forEach(table -> assertThat(reader.queryForObject(
                "select count(*) from " + live + "." + table, Long.class)).as(table).isNotNull());
        assertThatThrownBy(() -> reader.update("delete from " + live + ".device"))
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied");
        assertThatThrownBy(() -> reader.update("insert into " + live + ".reading_window_1m (device_id, metric, "
                + "window_start, count, min, max, sum) values ('d', 'm', now(), 1, 1, 1, 1)"))
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied");
    }

    @Test
    void aRebuiltSchemaIsReadableBeforeItReplacesTheLiveOne() {
        String live = schemas.live();
        String rebuilt = ReadModelSchemas.rebuilt(live);
        schemas.prepare(live);
        writer.prepareDays(rebuilt); // as a rebuild does: the days of raw readings within the retention, as live has
        try {
            List<String> tables = tablesOf(rebuilt);
            assertThat(tables).isEqualTo(tablesOf(live));
            tables.forEach(table -> assertThat(reader.queryForObject(
                    "select count(*) from " + rebuilt + "." + table, Long.class)).as(table).isNotNull());
        } finally {
            schemas.dropRebuilt(live);
        }
    }

    private List<String> tablesOf(String schema) {
        return jdbc.queryForList("""
                select table_name from information_schema.tables
                where table_schema = ? and table_name <> 'flyway_schema_history' order by table_name""",
                String.class, schema);
    }
}
