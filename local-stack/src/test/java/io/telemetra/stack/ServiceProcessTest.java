package io.telemetra.stack;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceProcessTest {

    @Test
    void a_service_runs_on_the_launchers_java_with_its_own_heap_and_extra_options_before_the_jar() {
        List<String> command = ServiceProcess.command(Service.COMMAND, Path.of("/h/jars/command-service.jar"),
                List.of("-Xmx1g"));

        assertThat(command.get(0)).isEqualTo(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        assertThat(command).contains("-Xms1536m", "-Xmx1536m", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError")
                .doesNotContain("-XX:TieredStopAtLevel=1")
                .endsWith("-Xmx1g", "-jar", "/h/jars/command-service.jar");
        assertThat(ServiceProcess.command(Service.QUERY, Path.of("q.jar"), List.of()))
                .contains("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC");
        assertThat(ServiceProcess.command(Service.PROJECTION, Path.of("p.jar"), List.of()))
                .contains("-Xms384m", "-Xmx384m", "-XX:+UseSerialGC");
    }
}
