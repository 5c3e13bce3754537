package io.telemetra.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.admin.JobState;
import org.flywaydb.core.Flyway;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The job table ({@code admin_job}, in the schema the service names in {@code telemetra.jobs.schema}): every instance
 * of a service records its jobs there, so that any of them answers for a job, and at most one job of a kind runs
 * across all of them (a unique index on the kind of the running ones). A running job's instance refreshes its row every
 * {@code heartbeat-interval}; a running job whose row has not been refreshed for {@code dead-after} lost its instance
 * and is recorded FAILED by whoever notices first (a request for it, or a new start of its kind).
 * <p>
 * The table's migration lives here, once, with a Flyway history of its own ({@code admin_job_schema_history}), and is
 * applied in the service's schema when the service starts.
 */
public final class JobStore {

    /** Jobs of a kind kept once finished; older ones are deleted when a new one starts. */
    static final int KEPT_JOBS = 100;
    private static final TypeReference<Map<String, String>> DETAILS = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final String table;
    private final Duration heartbeatInterval;
    private final Duration deadAfter;
    private final String instance;
    private final ObjectMapper json = new ObjectMapper();

    /** @param instance who runs the jobs started here, as the job table records it */
    public JobStore(DataSource dataSource, String schema, Duration heartbeatInterval, Duration deadAfter,
                    String instance) {
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()
                || deadAfter.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("telemetra.jobs.heartbeat-interval must be positive and dead-after at "
                    + "least twice as long");
        }
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)
                .table("admin_job_schema_history")
                .locations("classpath:io/telemetra/jobs/db")
                // The schema is the service's own and holds its tables already: this history starts empty beside them.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        this.jdbc = new JdbcTemplate(dataSource);
        this.table = '"' + schema.replace("\"", "\"\"") + "\".admin_job";
        this.heartbeatInterval = heartbeatInterval;
        this.deadAfter = deadAfter;
        this.instance = instance;
    }

    /** This JVM, as Axon and the JDK name it: {@code <pid>@<host>}. */
    public static String thisInstance() {
        return ManagementFactory.getRuntimeMXBean().getName();
    }

    /** The jobs of one kind, started and run on this instance, answered for from any. */
    public <J extends AdminJob> AdminJobs<J> jobs(String kind) {
        return new AdminJobs<>(kind, this, heartbeatInterval);
    }

    String instance() {
        return instance;
    }

    /** @throws JobAlreadyRunningException while a job of this kind runs on any live instance */
    void insertRunning(String kind, JobSnapshot job) {
        failAbandoned(kind);
        try {
            jdbc.update("insert into " + table + " (id, kind, state, owner, processed, total, started_at,"
                            + " work_started_at, heartbeat_at, details) values (?, ?, 'RUNNING', ?, ?, ?, ?, ?, now(),"
                            + " ?::jsonb)", job.id(), kind, instance, job.processed(), job.total(),
                    timestamp(job.startedAt()), timestamp(job.workStartedAt()), json(job.details()));
        } catch (DuplicateKeyException e) {
            throw new JobAlreadyRunningException(kind + " " + runningId(kind).orElse("") + " is still running on "
                    + runningOwner(kind).orElse("another instance"));
        }
        jdbc.update("delete from " + table + " where kind = ? and state <> 'RUNNING' and id not in (select id from "
                + table + " where kind = ? order by started_at desc limit ?)", kind, kind, KEPT_JOBS);
    }

    /**
     * Records the job as it is now, if it is still this instance's running job.
     *
     * @return false when another instance has given it up for dead meanwhile (then nothing is written)
     */
    boolean record(String kind, JobSnapshot job) {
        return jdbc.update("update " + table + " set state = ?, processed = ?, total = ?, work_started_at = ?,"
                        + " finished_at = ?, error = ?, details = ?::jsonb, heartbeat_at = now()"
                        + " where kind = ? and id = ? and owner = ? and state = 'RUNNING'",
                job.state().name(), job.processed(), job.total(), timestamp(job.workStartedAt()),
                timestamp(job.finishedAt()), job.error(), json(job.details()), kind, job.id(), instance) == 1;
    }

    /** The job as last recorded; one whose instance stopped heart-beating is recorded FAILED first. */
    Optional<JobSnapshot> find(String kind, String id) {
        failAbandoned(kind);
        List<JobSnapshot> found = jdbc.query("select * from " + table + " where kind = ? and id = ?",
                (row, n) -> snapshot(row), kind, id);
        return found.stream().findFirst();
    }

    /** The running job of this kind, on any live instance. */
    Optional<String> runningId(String kind) {
        failAbandoned(kind);
        return jdbc.queryForList("select id from " + table + " where kind = ? and state = 'RUNNING'", String.class,
                kind).stream().findFirst();
    }

    private Optional<String> runningOwner(String kind) {
        return jdbc.queryForList("select owner from " + table + " where kind = ? and state = 'RUNNING'",
                String.class, kind).stream().findFirst();
    }

    /** Running jobs whose instance has not refreshed them for {@code dead-after}: their instance is gone. */
    private void failAbandoned(String kind) {
        jdbc.update("update " + table + " set state = 'FAILED', finished_at = now(), error = 'its instance ' || owner"
                        + " || ' stopped (no heartbeat since ' || to_char(heartbeat_at at time zone 'UTC',"
                        + " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') || '); start it again'"
                        + " where kind = ? and state = 'RUNNING' and heartbeat_at < now() - make_interval(secs => ?)",
                kind, deadAfter.toMillis() / 1000.0);
    }

    private JobSnapshot snapshot(ResultSet row) throws SQLException {
        try {
            return new JobSnapshot(row.getString("id"), JobState.valueOf(row.getString("state")),
                    row.getLong("processed"), row.getLong("total"), instant(row, "started_at"),
                    instant(row, "work_started_at"), instant(row, "finished_at"), row.getString("error"),
                    json.readValue(row.getString("details"), DETAILS));
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable details of job " + row.getString("id"), e);
        }
    }

    private String json(Map<String, String> details) {
        try {
            return json.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp timestamp = row.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
