package io.telemetra.testsupport;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.io.IOException;

/**
 * A real PostgreSQL server (zonky's embedded binaries, no Docker) per Spring test context, which a test may stop and
 * start again ({@link RestartablePostgres}). It is closed through the context's lifecycle, after the pool that depends
 * on it, so cached contexts shut down without connection errors. {@code spring.datasource.hikari.*} properties
 * (schema, pool size) still apply to the pool.
 */
@TestConfiguration(proxyBeanMethods = false)
public class EmbeddedPostgresConfiguration {

    @Bean(destroyMethod = "close")
    RestartablePostgres embeddedPostgres() throws IOException {
        return RestartablePostgres.start();
    }

    @Bean
    @Primary
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(RestartablePostgres postgres) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres") + "&reWriteBatchedInserts=true");
        dataSource.setUsername("postgres");
        return dataSource;
    }
}
