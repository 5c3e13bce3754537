package io.telemetra.query.support;

import com.zaxxer.hikari.HikariDataSource;
import io.telemetra.testsupport.RestartablePostgres;
import org.springframework.boot.autoconfigure.flyway.FlywayDataSource;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.DependsOn;

/**
 * The read models' owner, as projection-service connects in production: it migrates the schema (and, in its
 * afterMigrate script, grants the read-only role what it may read) and {@link ReadModelRows} writes rows as it. The
 * service itself connects as {@code telemetra_reader}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ReadModelOwner {

    /** After the service's pool, whose bean creates the reader role: the migrations grant it only if it exists. */
    @Bean(destroyMethod = "close")
    @FlywayDataSource
    @DependsOn("dataSource")
    HikariDataSource readModelOwner(RestartablePostgres postgres) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl("jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres");
        dataSource.setUsername("postgres");
        dataSource.setSchema("readmodel");
        return dataSource;
    }
}
