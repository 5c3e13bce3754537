package io.telemetra.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class DevelopmentSecretTest {

    @TempDir
    Path home;

    @Test
    void a_secret_is_generated_once_readable_by_its_owner_only_and_then_reused() throws Exception {
        Path file = home.resolve("jwt-secret");

        String first = DevelopmentSecret.loadOrCreate(file);

        assertThat(first).hasSizeGreaterThanOrEqualTo(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(DevelopmentSecret.loadOrCreate(file)).isEqualTo(first);
    }

    @Test
    void a_secret_too_short_to_be_accepted_by_the_services_is_replaced() throws Exception {
        Path file = home.resolve("jwt-secret");
        Files.writeString(file, "short\n");

        assertThat(DevelopmentSecret.loadOrCreate(file)).hasSizeGreaterThanOrEqualTo(32).isNotEqualTo("short");
    }
}
