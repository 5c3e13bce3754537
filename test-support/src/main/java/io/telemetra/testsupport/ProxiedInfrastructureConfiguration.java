package io.telemetra.testsupport;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistrar;

import java.io.IOException;

/** The beans of {@link ProxiedInfrastructure}; closed with the context, the pool before the proxy before the server. */
@TestConfiguration(proxyBeanMethods = false)
public class ProxiedInfrastructureConfiguration {

    private static final int SERVICE_PARTITIONS = 6;

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres() throws IOException {
        return EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
    }

    @Bean(destroyMethod = "close")
    TcpProxy databaseProxy(EmbeddedPostgres postgres) {
        return TcpProxy.start("postgres", postgres.getPort());
    }

    @Bean
    @Primary
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(TcpProxy databaseProxy) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl("jdbc:postgresql://localhost:" + databaseProxy.port()
                + "/postgres?user=postgres&reWriteBatchedInserts=true");
        dataSource.setUsername("postgres");
        return dataSource;
    }

    @Bean(destroyMethod = "close")
    ProxiedKafka proxiedKafka() {
        // The topics of EmbeddedInfrastructure's broker, created with the partition count the services configure
        // (telemetra.kafka.partitions): a partition the service added at its start would be seen by its consumers,
        // assigned already, only at their next metadata refresh, minutes later.
        EmbeddedKafka shared = EmbeddedInfrastructure.class.getAnnotation(EmbeddedKafka.class);
        return ProxiedKafka.start(SERVICE_PARTITIONS, shared.topics());
    }

    @Bean
    DynamicPropertyRegistrar kafkaBootstrapServers(ProxiedKafka kafka) {
        return registry -> registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
    }

    @Bean
    Outages outages(TcpProxy databaseProxy, ProxiedKafka kafka) {
        return new Outages(databaseProxy, kafka.proxy());
    }
}
