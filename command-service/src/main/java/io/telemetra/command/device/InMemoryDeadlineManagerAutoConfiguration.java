package io.telemetra.command.device;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.SimpleDeadlineManager;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.axonframework.springboot.autoconfig.AxonDbSchedulerAutoConfiguration;
import org.axonframework.springboot.autoconfig.AxonJobRunrAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@link DeadlineManager} the Device's handlers receive as a parameter, when no other is configured. Axon resolves
 * handler parameters from Spring beans, and its starter declares no deadline manager bean of its own, so without one
 * the handlers that take it could not be invoked.
 * <p>
 * This one keeps deadlines in memory: a restart forgets them, and a device that fell silent before it is marked offline
 * only after it reports and falls silent again. It backs off as soon as a persistent deadline manager is declared (for
 * example Axon's db-scheduler one); it is an auto-configuration, ordered after Axon's, so that it sees such a bean
 * whether an auto-configuration or the application declares it.
 */
@AutoConfiguration(after = {AxonAutoConfiguration.class, AxonDbSchedulerAutoConfiguration.class,
        AxonJobRunrAutoConfiguration.class})
public class InMemoryDeadlineManagerAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(DeadlineManager.class)
    DeadlineManager deadlineManager(Configuration axonConfiguration, TransactionManager transactionManager) {
        return SimpleDeadlineManager.builder()
                .scopeAwareProvider(new ConfigurationScopeAwareProvider(axonConfiguration))
                .transactionManager(transactionManager)
                .build();
    }
}
