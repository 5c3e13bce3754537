package io.telemetra.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.telemetra.api.device.DeviceCameOnlineEvent;
import io.telemetra.api.device.DeviceRegisteredEvent;
import io.telemetra.api.device.DeviceRulesConfiguredEvent;
import io.telemetra.api.device.Severity;
import io.telemetra.api.device.ThresholdRule;
import io.telemetra.api.kafka.DeviceEventTypes;
import io.telemetra.api.kafka.EventMetadata;
import io.telemetra.api.kafka.Topics;
import io.telemetra.api.kafka.WireFormat;
import io.telemetra.api.telemetry.ReadingRecordedEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.serialization.Revision;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code ./telemetra bench --preload N}: fills the platform with a history of N events of other devices
 * ({@code preload-<generation>-000001}...) before the benchmark, quickly, the way the services would have written it:
 * <ul>
 *   <li><b>event store</b>: rows COPied into {@code eventstore.domain_event_entry} (PostgreSQL COPY through the JDBC
 *       driver's CopyManager), each device's stream as the Device aggregate writes it (registration, rules, came
 *       online, then readings alternating temperature and humidity, none breaching its rules), payloads and metadata as
 *       Axon's Jackson serializer stores them, stored times spread over the past days, each in its day's partition;
 *       {@code global_index} is drawn by the table's sequence and the stream heads are moved by the table's own
 *       trigger, as for any insert;</li>
 *   <li><b>processors</b>: while the rows go in, the preload holds the claims of every event processor's tokens (as an
 *       instance of command-service would), then moves each token past the preloaded rows, so that no processor
 *       publishes, reacts to or replays them; rows other writers stored meanwhile become gaps of the token, so those
 *       are still processed;</li>
 *   <li><b>read models</b>: each event goes to {@code telemetra.device-events} as the envelope the publisher sends
 *       (key the device id), so projection-service builds the read models through its real projection, and the
 *       topic holds the history a rebuild replays; the preload waits until the projection has applied it all.</li>
 * </ul>
 * It adds only what is missing: events of earlier preloads count towards N. Two devices of each preload get a long
 * history (1 % of its events each), for the benchmark's aggregate-load measurement.
 */
final class Preload {

    static final String PREFIX = "preload";
    private static final String READING = ReadingRecordedEvent.class.getName();
    private static final String OWNER = "telemetra-preload";
    private static final String GAP_AWARE = "org.axonframework.eventhandling.GapAwareTrackingToken";
    private static final int LONG_DEVICES = 2;
    private static final double LONG_SHARE = 0.01;
    /** Rows per COPY statement: the stream-head trigger sees each statement's rows at once. */
    private static final int COPY_ROWS = 20_000;
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    private static final Duration CLAIM_REFRESH = Duration.ofSeconds(2);
    /**
     * Longer than the event relay's claim interval (3 s) and the processors' claim extension (5 s): by the time the
     * rows go in, every instance has found its claims taken and stopped reading, so none of them publishes a row.
     */
    private static final Duration QUIET_BEFORE_COPY = Duration.ofSeconds(6);
    private static final Duration DRAIN_MAX = Duration.ofSeconds(120);
    private static final int MAX_FOREIGN_ROWS = 10_000;
    private static final Duration NUDGE_EVERY = Duration.ofSeconds(2);
    private static final String NUDGE_DEVICE = "bench-preload-nudge";
    private static final Duration PRODUCER_CLOSE = Duration.ofSeconds(30);
    private static final DateTimeFormatter AXON_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final JsonFactory JSON_FACTORY = new JsonFactory();

    /**
     * @param events  events the store should hold for preloaded devices in all
     * @param devices devices of this preload (0: one per thousand events, at least 10)
     * @param span    stored times spread over this much of the past
     */
    record Plan(long events, int devices, Duration span) {
    }

    /** What this preload added. */
    record Result(String generation, long added, int devices, List<String> longDevices, double seconds) {
    }

    private final Connection db;
    private final Stack stack;
    private final PlatformClient client;
    private final Console console;
    private final ObjectMapper json = WireFormat.objectMapper();
    private final Random ids = new Random();
    private boolean nudgeDeviceRegistered;

    Preload(Connection db, Stack stack, PlatformClient client, Console console) {
        this.db = db;
        this.stack = stack;
        this.client = client;
        this.console = console;
    }

    /** The preloaded device with the longest history, if any. */
    static Optional<String> longDevice(Connection db) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("select aggregate_identifier from"
                + " eventstore.event_stream_head where aggregate_identifier like ? order by sequence_number desc"
                + " limit 1")) {
            query.setString(1, PREFIX + "-%-long-%");
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Events of preloaded devices in the store now. */
    long existing() throws SQLException {
        try (PreparedStatement query = db.prepareStatement("select coalesce(sum(sequence_number + 1), 0)"
                + " from eventstore.event_stream_head where aggregate_identifier like ?")) {
            query.setString(1, PREFIX + "-%");
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    Result run(Plan plan) throws SQLException, InterruptedException {
        long existing = existing();
        long missing = plan.events() - existing;
        if (missing <= 0) {
            console.info("preload: the store holds %d preloaded events already (%d asked for): nothing to add",
                    existing, plan.events());
            return null;
        }
        int devices = plan.devices() > 0 ? plan.devices() : (int) Math.max(10, Math.min(100_000, missing / 1000));
        String generation = Long.toString(Instant.now().toEpochMilli(), 36);
        console.info("preload %s: %d events to add to the %d there are, %d devices (%s-%s-...) over the past %d days",
                generation, missing, existing, devices, PREFIX, generation, plan.span().toDays());
        long start = System.nanoTime();
        Map<String, ObjectNode> tokens = drainAndClaim();
        AtomicReference<Exception> claimFailure = new AtomicReference<>();
        Thread claims = new Thread(() -> holdClaims(claimFailure), "preload-claims");
        claims.setDaemon(true);
        claims.start();
        long head;
        List<String> longDevices;
        long added;
        try {
            Thread.sleep(QUIET_BEFORE_COPY.toMillis());
            long before = head();
            KafkaProducer<String, byte[]> producer = producer();
            try {
                Copied copied = copy(generation, devices, missing, plan.span(), producer, claimFailure);
                longDevices = copied.longDevices();
                added = copied.events();
                console.info("preload %s: waiting for Kafka to acknowledge the last envelopes", generation);
                producer.flush();
            } finally {
                producer.close(PRODUCER_CLOSE);
            }
            head = head();
            moveTokens(tokens, before, head);
        } finally {
            claims.interrupt();
            claims.join();
            releaseClaims();
        }
        awaitProjection(generation, devices + LONG_DEVICES);
        double seconds = (System.nanoTime() - start) / 1e9;
        console.info("preload %s: %d events added in %.0f s (%.0f/s), read models up to date", generation, added,
                seconds, added / seconds);
        return new Result(generation, added, devices, longDevices, seconds);
    }

    // ---- the processors' tokens

    /**
     * Waits until every processor has caught up with the head (so no backlog is skipped), then takes every token's
     * claim, and returns the tokens as they were.
     * <p>
     * A processor that skips readings moves its token past them only when an event follows them
     * (command-service's SkippingMessageSource), which on an idle store may never come: the wait sends a reading of a
     * device of its own now and then, so that the tokens reach the head instead of holding the skipped readings as
     * gaps (thousands of gaps in a token cost its processor memory for every event it handles).
     */
    private Map<String, ObjectNode> drainAndClaim() throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + DRAIN_MAX.toNanos();
        long head = head();
        long nudged = System.nanoTime() - NUDGE_EVERY.toNanos();
        while (true) {
            Map<String, ObjectNode> tokens = tokens();
            long behind = tokens.values().stream().filter(token -> token.path("index").asLong() < head).count();
            if (behind == 0 || System.nanoTime() > deadline) {
                if (behind > 0) {
                    console.warn("%d processor token(s) still behind the head after %d s: their backlog stays theirs"
                            + " (it becomes gaps of their tokens)", behind, DRAIN_MAX.toSeconds());
                }
                break;
            }
            if (System.nanoTime() - nudged >= NUDGE_EVERY.toNanos()) {
                nudge();
                nudged = System.nanoTime();
            }
            Thread.sleep(500);
        }
        try (Statement statement = db.createStatement()) {
            statement.executeUpdate(claimSql());
        }
        Map<String, ObjectNode> tokens = tokens();
        console.info("preload: holding the claims of %d processor token(s) (%s) while the rows go in",
                tokens.size(), String.join(", ", tokens.keySet()));
        return tokens;
    }

    private void nudge() throws InterruptedException {
        try {
            if (!nudgeDeviceRegistered) {
                PlatformClient.Response registered = client.register(NUDGE_DEVICE, "probe", "Preload nudge", null);
                if (!registered.ok() && registered.status() != 409) {
                    console.warn("preload: could not register %s: %s", NUDGE_DEVICE, registered.reason());
                    return;
                }
                nudgeDeviceRegistered = true;
            }
            PlatformClient.Response recorded = client.postReadingNow(NUDGE_DEVICE);
            if (!recorded.ok()) {
                console.warn("preload: a reading of %s was refused: %s", NUDGE_DEVICE, recorded.reason());
            }
        } catch (IOException e) {
            console.warn("preload: could not send a reading of %s: %s", NUDGE_DEVICE, e.getMessage());
        }
    }

    private Map<String, ObjectNode> tokens() throws SQLException {
        Map<String, ObjectNode> tokens = new LinkedHashMap<>();
        try (Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery("select processor_name, segment, token_type,"
                     + " convert_from(token, 'UTF8') from eventstore.token_entry order by 1, 2")) {
            while (rs.next()) {
                String name = rs.getString(1) + "/" + rs.getInt(2);
                if (rs.getString(3) == null) {
                    // Created on an empty store: the processor has seen nothing yet, everything is ahead of it.
                    ObjectNode nothingSeen = json.createObjectNode();
                    nothingSeen.put("index", -1);
                    nothingSeen.putArray("gaps");
                    tokens.put(name, nothingSeen);
                    continue;
                }
                if (!GAP_AWARE.equals(rs.getString(3))) {
                    throw new IllegalStateException("processor token " + name + " is a " + rs.getString(3)
                            + " (a replay?): the preload moves only " + GAP_AWARE + "s; try again when it is done");
                }
                tokens.put(name, (ObjectNode) json.readTree(rs.getString(4)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a processor token is not the JSON Axon writes", e);
        }
        if (tokens.isEmpty()) {
            throw new IllegalStateException("no processor has a token yet: start command-service once before a"
                    + " preload");
        }
        return tokens;
    }

    private static String claimSql() {
        return "update eventstore.token_entry set owner = '" + OWNER + "', timestamp = '"
                + AXON_TIME.format(Instant.now()) + "'";
    }

    /** Keeps the claims fresh, so that no processor takes its segment back before the tokens are moved. */
    private void holdClaims(AtomicReference<Exception> failure) {
        try (Connection connection = DriverManager.getConnection(stack.jdbcUrl(), Stack.USER,
                Stack.PASSWORD); Statement statement = connection.createStatement()) {
            while (!Thread.currentThread().isInterrupted()) {
                statement.executeUpdate(claimSql());
                Thread.sleep(CLAIM_REFRESH.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            failure.set(e);
        }
    }

    /**
     * Each token moves to the head; rows stored meanwhile by anyone but the preload (above the token's index) become
     * gaps, which its processor then reads and handles.
     */
    private void moveTokens(Map<String, ObjectNode> tokens, long before, long head) throws SQLException {
        long lowest = tokens.values().stream().mapToLong(token -> token.path("index").asLong()).min().orElse(before);
        List<Long> foreign = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement("select global_index from eventstore.domain_event_entry"
                + " where global_index > ? and global_index <= ? and aggregate_identifier not like ?"
                + " order by global_index")) {
            query.setLong(1, lowest);
            query.setLong(2, head);
            query.setString(3, PREFIX + "-%");
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    foreign.add(rs.getLong(1));
                }
            }
        }
        if (foreign.size() > MAX_FOREIGN_ROWS) {
            throw new IllegalStateException(foreign.size() + " events of other devices were stored during the"
                    + " preload: too many to hand to the processors as gaps; the tokens were left where they were");
        }
        try (PreparedStatement update = db.prepareStatement("update eventstore.token_entry set token = ?,"
                + " token_type = '" + GAP_AWARE + "', owner = null, timestamp = ? where processor_name = ?"
                + " and segment = ?")) {
            for (Map.Entry<String, ObjectNode> entry : tokens.entrySet()) {
                ObjectNode token = entry.getValue();
                long index = token.path("index").asLong();
                TreeSet<Long> gaps = new TreeSet<>();
                token.path("gaps").forEach(gap -> gaps.add(gap.asLong()));
                foreign.stream().filter(global -> global > index).forEach(gaps::add);
                ObjectNode moved = json.createObjectNode();
                moved.put("index", head);
                ArrayNode gapArray = moved.putArray("gaps");
                gaps.forEach(gapArray::add);
                String[] name = entry.getKey().split("/");
                update.setBytes(1, json.writeValueAsBytes(moved));
                update.setString(2, AXON_TIME.format(Instant.now()));
                update.setString(3, name[0]);
                update.setInt(4, Integer.parseInt(name[1]));
                update.executeUpdate();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        console.info("preload: %d processor token(s) moved from %d to %d%s", tokens.size(), lowest, head,
                foreign.isEmpty() ? "" : ", with " + foreign.size() + " event(s) of other devices as gaps");
    }

    private void releaseClaims() throws SQLException {
        try (Statement statement = db.createStatement()) {
            statement.executeUpdate("update eventstore.token_entry set owner = null where owner = '" + OWNER + "'");
        }
    }

    /** The highest global index stored, -1 for an empty store (what a token that has seen nothing holds). */
    private long head() throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(
                "select coalesce(max(global_index), -1) from eventstore.domain_event_entry")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ---- the history

    /** A simulated device's stream as the aggregate would have written it. */
    private static final class SimulatedDevice {

        final String deviceId;
        final Thermostat thermostat;
        final int readingsPerRound;
        final int lastRoundExtra;
        long sequence;
        long readings;

        SimulatedDevice(String deviceId, Random random, int readingsPerRound, int lastRoundExtra) {
            this.deviceId = deviceId;
            this.thermostat = new Thermostat(new Random(random.nextLong()));
            this.readingsPerRound = readingsPerRound;
            this.lastRoundExtra = lastRoundExtra;
        }
    }

    /**
     * How a preload's events spread over its streams (the regular devices, then the {@value #LONG_DEVICES} long ones):
     * each stream's first round holds its three lifecycle events, every round a reading of each regular device and
     * {@code longPerRound} of each long one, and the last round the readings that whole rounds leave over, so that the
     * preload adds what was asked: were it short, the next run with the same target would add the rest across the
     * whole span, and every hour would be rolled up again. (A preload too small for its long devices to read every
     * round gives them a reading every round, and so adds a little more.)
     */
    record Shape(int streams, long rounds, int longPerRound, long leftOver) {

        static Shape of(long events, int devices) {
            long longEvents = (long) (events * LONG_SHARE);
            long perDevice = Math.max(4, (events - LONG_DEVICES * longEvents) / devices);
            long rounds = Math.max(1, perDevice - 3);
            int longPerRound = (int) Math.max(1, (longEvents - 3) / rounds);
            int streams = devices + LONG_DEVICES;
            long placed = 3L * streams + rounds * (devices + (long) LONG_DEVICES * longPerRound);
            return new Shape(streams, rounds, longPerRound, Math.max(0, events - placed));
        }

        /** Readings stream {@code index} (0-based) adds to its last round. */
        int lastRoundExtra(int index) {
            return Math.toIntExact(leftOver / streams + (index < leftOver % streams ? 1 : 0));
        }
    }

    /**
     * The day partitions of reading events over the span, as command-service would have created them day by day, so
     * that the history lies where it would (and not in the default partition, which a live store keeps empty).
     */
    private void ensureDays(Instant begin, Instant end) throws SQLException {
        LocalDate first = LocalDate.ofInstant(begin, ZoneOffset.UTC);
        LocalDate last = LocalDate.ofInstant(end, ZoneOffset.UTC);
        try (PreparedStatement days = db.prepareStatement(
                "select eventstore.ensure_reading_event_partitions(?, ?)")) {
            days.setObject(1, first);
            days.setObject(2, last);
            try (ResultSet created = days.executeQuery()) {
                created.next();
                console.info("preload: day partitions of reading events from %s to %s (%d created)", first, last,
                        created.getInt(1));
            }
        }
    }

    /** What the copy wrote: events, and the ids of the long-history devices. */
    private record Copied(long events, List<String> longDevices) {
    }

    private Copied copy(String generation, int devices, long events, Duration span,
                              KafkaProducer<String, byte[]> producer, AtomicReference<Exception> claimFailure)
            throws SQLException {
        Random random = new Random(generation.hashCode());
        Shape shape = Shape.of(events, devices);
        long rounds = shape.rounds();
        List<SimulatedDevice> streams = new ArrayList<>(devices + LONG_DEVICES);
        List<String> longDevices = new ArrayList<>();
        for (int i = 1; i <= devices + LONG_DEVICES; i++) {
            boolean isLong = i > devices;
            String id = isLong ? String.format(Locale.ROOT, "%s-%s-long-%d", PREFIX, generation, i - devices)
                    : String.format(Locale.ROOT, "%s-%s-%06d", PREFIX, generation, i);
            streams.add(new SimulatedDevice(id, random, isLong ? shape.longPerRound() : 1,
                    shape.lastRoundExtra(i - 1)));
            if (isLong) {
                longDevices.add(id);
            }
        }
        Instant end = Instant.now().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MILLIS);
        Instant begin = end.minus(span);
        ensureDays(begin, end);
        double roundMillis = (double) span.toMillis() / rounds;
        CopyManager copy = new CopyManager(db.unwrap(BaseConnection.class));
        StringBuilder rows = new StringBuilder(COPY_ROWS * 1200);
        int inCopy = 0;
        long written = 0;
        AtomicLong acknowledged = new AtomicLong();
        AtomicReference<Exception> sendFailure = new AtomicReference<>();
        long lastProgress = System.nanoTime();
        long startNanos = System.nanoTime();
        for (long round = 0; round < rounds; round++) {
            for (int d = 0; d < streams.size(); d++) {
                SimulatedDevice stream = streams.get(d);
                Instant at = begin.plusMillis((long) (round * roundMillis + d * roundMillis / streams.size()));
                List<Object> payloads = new ArrayList<>(4);
                if (round == 0) {
                    payloads.add(new DeviceRegisteredEvent(stream.deviceId, "thermostat", "Preloaded thermostat",
                            "preload-site-" + (d % 20), null, Map.of(), at));
                    payloads.add(new DeviceRulesConfiguredEvent(stream.deviceId, List.of(
                            new ThresholdRule(Thermostat.TEMPERATURE, null,
                                    round1(stream.thermostat.temperatureSetPoint() + 5), 1, Severity.CRITICAL),
                            new ThresholdRule(Thermostat.HUMIDITY, null,
                                    round1(stream.thermostat.humiditySetPoint() + 15), 3, Severity.WARNING)),
                            null, at));
                    payloads.add(new DeviceCameOnlineEvent(stream.deviceId, at));
                }
                int readings = stream.readingsPerRound + (round == rounds - 1 ? stream.lastRoundExtra : 0);
                for (int r = 0; r < readings; r++) {
                    Instant measured = at.plusMillis(r);
                    boolean temperature = stream.readings % 2 == 0;
                    double seconds = (measured.toEpochMilli() - begin.toEpochMilli()) / 1000.0;
                    Thermostat.Sample sample = temperature ? stream.thermostat.temperature(seconds, false)
                            : stream.thermostat.humidity(seconds, false);
                    payloads.add(new ReadingRecordedEvent(stream.deviceId, generation + "-" + stream.readings,
                            temperature ? Thermostat.TEMPERATURE : Thermostat.HUMIDITY, sample.value(),
                            temperature ? Thermostat.CELSIUS : Thermostat.PERCENT, measured.minusMillis(120),
                            measured));
                    stream.readings++;
                }
                String correlation = uuid(random).toString();
                for (Object payload : payloads) {
                    inCopy += row(rows, producer, stream, payload, at, correlation, acknowledged, sendFailure);
                }
            }
            if (inCopy >= COPY_ROWS || round == rounds - 1) {
                copyRows(copy, rows);
                written += inCopy;
                inCopy = 0;
                rows.setLength(0);
                if (sendFailure.get() != null) {
                    throw new IllegalStateException("sending to Kafka failed: " + sendFailure.get(),
                            sendFailure.get());
                }
                if (claimFailure.get() != null) {
                    throw new IllegalStateException("holding the processors' claims failed: " + claimFailure.get(),
                            claimFailure.get());
                }
                if (System.nanoTime() - lastProgress >= PROGRESS_EVERY.toNanos()) {
                    lastProgress = System.nanoTime();
                    double seconds = (lastProgress - startNanos) / 1e9;
                    console.info("preload %s: %d of %d events stored (%.0f/s), %d acknowledged by Kafka", generation,
                            written, events, written / seconds, acknowledged.get());
                }
            }
        }
        console.info("preload %s: %d events stored in %.0f s", generation, written,
                (System.nanoTime() - startNanos) / 1e9);
        return new Copied(written, longDevices);
    }

    /** Random (version 4) UUIDs without SecureRandom's cost: ids only need to be unique. */
    private static UUID uuid(Random random) {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }

    /** One event: a CSV row for the COPY, and its envelope to Kafka. @return 1 */
    private int row(StringBuilder rows, KafkaProducer<String, byte[]> producer, SimulatedDevice stream, Object payload,
                    Instant at, String correlation, AtomicLong acknowledged, AtomicReference<Exception> failure) {
        long sequence = stream.sequence++;
        String eventId = uuid(ids).toString();
        String revision = payload.getClass().getAnnotation(Revision.class).value();
        byte[] payloadJson;
        try {
            payloadJson = json.writeValueAsBytes(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(EventMetadata.PRINCIPAL, payload instanceof ReadingRecordedEvent
                ? "kafka:" + Topics.DEVICE_TELEMETRY : "preload");
        metadata.put(EventMetadata.CORRELATION_ID, correlation);
        metadata.put(EventMetadata.TRACE_ID, correlation);
        metadata.put(EventMetadata.CAUSATION_ID, correlation);
        byte[] metadataJson;
        try {
            metadataJson = json.writeValueAsBytes(metadata);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String storedAt = AXON_TIME.format(at);
        rows.append(eventId).append(',').append(stream.deviceId).append(',').append(sequence).append(",Device,")
                .append(storedAt).append(',').append(payload.getClass().getName()).append(',').append(revision)
                .append(",\\x").append(HexFormat.of().formatHex(payloadJson))
                .append(",\\x").append(HexFormat.of().formatHex(metadataJson)).append('\n');
        byte[] envelope = envelope(eventId, stream.deviceId, sequence, payload, revision, storedAt, metadata,
                payloadJson);
        producer.send(new ProducerRecord<>(Topics.DEVICE_EVENTS, stream.deviceId, envelope), (done, exception) -> {
            if (exception == null) {
                acknowledged.incrementAndGet();
            } else {
                failure.compareAndSet(null, exception);
            }
        });
        return 1;
    }

    /** The publisher's envelope (command-service's EventEnvelopes): metadata values as strings, payload as stored. */
    static byte[] envelope(String eventId, String deviceId, long sequence, Object payload, String revision,
                                   String storedAt, Map<String, String> metadata, byte[] payloadJson) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payloadJson.length + 400);
        try (JsonGenerator generator = JSON_FACTORY.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringField("eventId", eventId);
            generator.writeStringField("aggregateId", deviceId);
            generator.writeNumberField("sequenceNumber", sequence);
            generator.writeStringField("type", DeviceEventTypes.nameOf(payload.getClass()).orElseThrow());
            generator.writeStringField("revision", revision);
            generator.writeStringField("timestamp", Instant.parse(storedAt).toString());
            generator.writeObjectFieldStart("metadata");
            for (Map.Entry<String, String> entry : metadata.entrySet()) {
                generator.writeStringField(entry.getKey(), entry.getValue());
            }
            generator.writeEndObject();
            generator.writeFieldName("payload");
            generator.writeRawValue(new String(payloadJson, StandardCharsets.UTF_8));
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void copyRows(CopyManager copy, StringBuilder rows) throws SQLException {
        try {
            copy.copyIn("copy eventstore.domain_event_entry (event_identifier, aggregate_identifier, sequence_number,"
                    + " type, time_stamp, payload_type, payload_revision, payload, meta_data) from stdin"
                    + " with (format csv)", new StringReader(rows.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ProducerConfig.CLIENT_ID_CONFIG, "telemetra-preload",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 120_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000),
                new StringSerializer(), new ByteArraySerializer());
    }

    // ---- the read models

    /** Waits until the projection has applied every preloaded device's last event. */
    private void awaitProjection(String generation, int devices) throws SQLException, InterruptedException {
        String sql = "select count(*) from readmodel.device d join eventstore.event_stream_head h"
                + " on h.aggregate_identifier = d.device_id where d.device_id like ?"
                + " and d.last_sequence = h.sequence_number";
        long lastReport = 0;
        while (true) {
            long done;
            try (PreparedStatement query = db.prepareStatement(sql)) {
                query.setString(1, PREFIX + "-" + generation + "-%");
                try (ResultSet rs = query.executeQuery()) {
                    rs.next();
                    done = rs.getLong(1);
                }
            }
            if (done >= devices) {
                return;
            }
            if (System.nanoTime() - lastReport >= PROGRESS_EVERY.toNanos()) {
                lastReport = System.nanoTime();
                console.info("preload %s: the projection has applied the whole history of %d of %d devices",
                        generation, done, devices);
            }
            Thread.sleep(1000);
        }
    }

    private static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
