package io.telemetra.projection;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The structure the packages promise: the projection itself (the event as it is applied, the device, alert and
 * device-command read models, keyed rows) knows nothing of how events arrive or how admins reach it; the Kafka
 * consumer, the parking of unprocessable records, the rebuild and the web layer use it, never the other way round.
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.telemetra.projection");

    private static final String[] PROJECTION = {"..projection.event..", "..projection.device..",
            "..projection.alert..", "..projection.devicecommand..", "..projection.rows.."};
    private static final String[] PLUMBING = {"..projection.kafka..", "..projection.parking..",
            "..projection.rebuild..", "..projection.web.."};

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.telemetra.projection.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void nothingDependsOnCommandServiceOrQueryService() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.telemetra.command..", "io.telemetra.query..")
                .because("the read side shares only the contract (shared-api) and the read-model schema")
                .check(CLASSES);
    }

    @Test
    void theProjectionHasNoWebOrKafkaTypes() {
        noClasses().that().resideInAnyPackage(PROJECTION)
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..",
                        "org.springframework.http..", "jakarta.servlet..", "org.apache.kafka..",
                        "org.springframework.kafka..")
                .check(CLASSES);
    }

    @Test
    void theProjectionDoesNotDependOnItsPlumbing() {
        noClasses().that().resideInAnyPackage(PROJECTION)
                .should().dependOnClassesThat().resideInAnyPackage(PLUMBING)
                .check(CLASSES);
    }
}
