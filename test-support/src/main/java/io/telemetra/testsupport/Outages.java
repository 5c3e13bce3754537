package io.telemetra.testsupport;

/**
 * The proxies between a test context's service and its servers (see {@link ProxiedInfrastructure}).
 *
 * @param database in front of PostgreSQL: cut, the service's connections fail and new ones are refused
 * @param broker   in front of the Kafka broker: cut, every client's connections fail and new ones are refused
 */
public record Outages(TcpProxy database, TcpProxy broker) {

    /** Lets everything through again, for a test that ends (or fails) while something is cut. */
    public void restoreAll() {
        database.restore();
        broker.restore();
    }
}
