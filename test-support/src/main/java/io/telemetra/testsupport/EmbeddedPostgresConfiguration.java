package io.telemetra.testsupport;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;

/**
 * A real PostgreSQL server (zonky's embedded binaries, no Docker) per Spring test context, which a test may stop and
 * start again ({@link RestartablePostgres}). It is closed through the context's lifecycle, after the pool that depends
 * on it, so cached contexts shut down without connection errors. {@code spring.datasource.hikari.*} properties
 * (schema, pool size) still apply to the pool.
 * <p>
 * The service connects as the superuser unless {@value #ROLE_PROPERTY} names another role, which is then created (a
 * login role without any privilege) when missing: query-service's tests connect as its read-only role, as in
 * production, and whatever grants it needs must come from the migrations.
 */
@TestConfiguration(proxyBeanMethods = false)
public class EmbeddedPostgresConfiguration {

    public static final String ROLE_PROPERTY = "telemetra.test.datasource.role";
    public static final String SUPERUSER = "postgres";

    @Bean(destroyMethod = "close")
    RestartablePostgres embeddedPostgres() throws IOException {
        return RestartablePostgres.start();
    }

    @Bean
    @Primary
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(RestartablePostgres postgres, Environment environment) {
        String role = environment.getProperty(ROLE_PROPERTY, SUPERUSER);
        if (!role.equals(SUPERUSER)) {
            new JdbcTemplate(postgres.getDatabase(SUPERUSER, "postgres")).execute("""
                    do $$ begin
                        if not exists (select 1 from pg_roles where rolname = '%1$s') then
                            create role %1$s login;
                        end if;
                    end $$""".formatted(role));
        }
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl("jdbc:postgresql://localhost:" + postgres.getPort()
                + "/postgres?reWriteBatchedInserts=true");
        dataSource.setUsername(role);
        return dataSource;
    }
}
