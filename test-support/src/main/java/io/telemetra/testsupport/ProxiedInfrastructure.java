package io.telemetra.testsupport;

import org.springframework.context.annotation.Import;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Like {@link EmbeddedInfrastructure}, real PostgreSQL and a real KRaft broker for a {@code @SpringBootTest}, but
 * each behind a {@link TcpProxy} that the test cuts to take the database or the broker away from the service while
 * they keep running: the {@link Outages} bean holds both proxies. The database is also reachable directly, bypassing
 * its proxy, through the {@code EmbeddedPostgres} bean.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Import(ProxiedInfrastructureConfiguration.class)
public @interface ProxiedInfrastructure {
}
