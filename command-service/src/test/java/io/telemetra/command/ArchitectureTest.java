package io.telemetra.command;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The structure the packages promise: the domain (the Device aggregate and its parts, the sagas: whatever handles
 * commands, event-sourcing events, saga events or deadlines) decides without knowing HTTP, Kafka or how Axon is wired;
 * the controllers, the Kafka consumer and publishers and the Axon configuration use it, never the other way round.
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.telemetra.command");

    private static final DescribedPredicate<JavaClass> DOMAIN = DescribedPredicate.describe(
            "handle commands, event-sourcing events, saga events or deadlines",
            javaClass -> javaClass.getMethods().stream().anyMatch(method -> List.of(CommandHandler.class,
                    EventSourcingHandler.class, SagaEventHandler.class, DeadlineHandler.class).stream()
                    .anyMatch(method::isAnnotatedWith)));

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.telemetra.command.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void nothingDependsOnTheReadSide() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.telemetra.query..",
                        "io.telemetra.projection..")
                .because("the services share only the contract (shared-api)")
                .check(CLASSES);
    }

    @Test
    void theDomainKnowsNoWebKafkaOrAxonWiring() {
        noClasses().that(DOMAIN)
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..",
                        "org.springframework.http..", "jakarta.servlet..", "org.apache.kafka..",
                        "org.springframework.kafka..",
                        "io.telemetra.command.web..", "io.telemetra.command.kafka..",
                        "io.telemetra.command.publishing..", "io.telemetra.command.eventstore..",
                        "io.telemetra.command.security..")
                .check(CLASSES);
    }

    @Test
    void nothingButTheirAdviceDependsOnAController() {
        noClasses().that().areNotAnnotatedWith(RestControllerAdvice.class)
                .should().dependOnClassesThat().areAnnotatedWith(RestController.class)
                .because("controllers are entry points: they use the domain, the domain never calls them")
                .check(CLASSES);
    }
}
