package io.telemetra.query;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The structure the packages promise: each feature's read model answers queries without knowing HTTP or Kafka; its
 * controller, the web layer and the live stream's Kafka feed use the read models, never the other way round.
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.telemetra.query");

    private static final String[] WEB_TYPES = {"org.springframework.web..", "org.springframework.http..",
            "jakarta.servlet..", "io.swagger.."};
    private static final String[] KAFKA_TYPES = {"org.apache.kafka..", "org.springframework.kafka.."};

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.telemetra.query.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void nothingDependsOnCommandServiceOrProjectionService() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("io.telemetra.command..", "io.telemetra.projection..")
                .because("the read side shares only the contract (shared-api) and the read-model schema")
                .check(CLASSES);
    }

    @Test
    void onlyControllersTheWebLayerAndTheLiveStreamUseWebTypes() {
        noClasses().that().areNotAnnotatedWith(RestController.class)
                .and().areNotAnnotatedWith(RestControllerAdvice.class)
                .and().resideOutsideOfPackages("..query.web..", "..query.stream..")
                .should().dependOnClassesThat().resideInAnyPackage(WEB_TYPES)
                .check(CLASSES);
    }

    @Test
    void onlyTheLiveStreamUsesKafka() {
        noClasses().that().resideOutsideOfPackage("..query.stream..")
                .should().dependOnClassesThat().resideInAnyPackage(KAFKA_TYPES)
                .check(CLASSES);
    }

    @Test
    void nothingButTheWebDependsOnControllersOrTheLiveStream() {
        noClasses().that().resideOutsideOfPackages("..query.stream..", "..query.web..")
                .should().dependOnClassesThat().areAnnotatedWith(RestController.class)
                .orShould().dependOnClassesThat().resideInAPackage("..query.stream..")
                .check(CLASSES);
    }
}
