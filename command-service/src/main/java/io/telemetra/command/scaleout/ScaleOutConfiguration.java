package io.telemetra.command.scaleout;

import com.zaxxer.hikari.HikariDataSource;
import io.telemetra.command.eventstore.SkippingMessageSource;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.pooled.MaxSegmentProvider;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jpa.JpaTokenStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.TokenStoreProperties;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import java.lang.management.ManagementFactory;
import java.time.Clock;

/**
 * Several command-service instances share the work of the streaming processors and the event relay (see
 * {@link FairShareSegments}). Each
 * instance names its database connections after itself, as Axon names it in the token claims it holds
 * ({@code <pid>@<host>}), which is how the instances count each other.
 */
@Configuration(proxyBeanMethods = false)
class ScaleOutConfiguration {

    static final String APPLICATION_PREFIX = "command-service ";

    /** The default node name of Axon's token store: the owner of this instance's claims in {@code token_entry}. */
    static final String INSTANCE = ManagementFactory.getRuntimeMXBean().getName();

    @Bean
    static BeanPostProcessor connectionsNamedAfterTheInstance() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof HikariDataSource dataSource) {
                    dataSource.addDataSourceProperty("ApplicationName", APPLICATION_PREFIX + INSTANCE);
                }
                return bean;
            }
        };
    }

    /** Axon's JPA token store as its auto-configuration builds it, but safe for instances that start together. */
    @Bean
    TokenStore tokenStore(Serializer serializer, EntityManagerProvider entityManagerProvider,
                          TokenStoreProperties properties, PlatformTransactionManager transactionManager) {
        return new ConcurrentlyInitializedTokenStore(JpaTokenStore.builder()
                .entityManagerProvider(entityManagerProvider)
                .serializer(serializer)
                .claimTimeout(properties.getClaimTimeout()), transactionManager);
    }

    /** Each instance's share of a processor's segments, for Axon's pooled processors and the event relay alike. */
    @Bean
    MaxSegmentProvider fairShareOfSegments(JdbcTemplate jdbc, Clock clock) {
        return new FairShareSegments(jdbc, new LiveInstances(jdbc, APPLICATION_PREFIX, clock));
    }

    /**
     * What every pooled processor shares: its fair share of segments, and the store read without the event types it
     * has no handler for (see {@link SkippingMessageSource}; its token moves past them at least once a second). Axon
     * keeps one such default (a second registration would replace the first), so it is all set here.
     */
    @Bean
    ConfigurerModule pooledProcessorDefaults(MaxSegmentProvider fairShare) {
        return configurer -> configurer.eventProcessing()
                .registerPooledStreamingEventProcessorConfiguration((configuration, builder) -> builder
                        .maxSegmentProvider(fairShare)
                        .messageSource(new SkippingMessageSource(configuration.eventStore(), SkippingMessageSource.PASS_EVERY)));
    }
}
