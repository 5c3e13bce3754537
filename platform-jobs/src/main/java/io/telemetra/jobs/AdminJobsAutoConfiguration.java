package io.telemetra.jobs;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationInitializer;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import javax.sql.DataSource;

/**
 * The job table of a service with a database ({@link JobStore}, in {@code telemetra.jobs.schema}), after the service's
 * own migrations; and the job endpoints' problem details in every web service that has this module.
 */
@AutoConfiguration(after = {DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class})
@EnableConfigurationProperties(JobsProperties.class)
public class AdminJobsAutoConfiguration {

    /** After the service's own migrations, which must find its schema as they left it on a new database. */
    @Bean
    @ConditionalOnBean(DataSource.class)
    JobStore jobStore(DataSource dataSource, JobsProperties properties,
                      ObjectProvider<FlywayMigrationInitializer> serviceMigrations) {
        serviceMigrations.getIfAvailable();
        if (properties.schema() == null || properties.schema().isBlank()) {
            throw new IllegalStateException("telemetra.jobs.schema must name the schema of the job table");
        }
        return new JobStore(dataSource, properties.schema(), properties.heartbeatInterval(), properties.deadAfter(),
                JobStore.thisInstance());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @Import(JobProblems.class)
    static class JobProblemDetails {
    }
}
