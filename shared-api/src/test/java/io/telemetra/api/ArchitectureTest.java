package io.telemetra.api;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.commandhandling.CommandExecutionException;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The contract every service and every integrator compiles against: plain records, and nothing that drags a stack in. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.telemetra.api");

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.telemetra.api.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    /**
     * Jackson for the wire format ({@code WireFormat}'s settings, {@code JsonNode} payloads), Axon's modelling and
     * serialization annotations ({@code @TargetAggregateIdentifier}, {@code @Revision}), and the one Axon exception
     * that carries an {@code ErrorCode} across the command gateway.
     */
    @Test
    void dependsOnlyOnTheJdkJacksonAndAxonsAnnotations() {
        classes().should().onlyDependOnClassesThat(describe("are in the JDK, the contract, Jackson, Axon's modelling or "
                        + "serialization annotations, or CommandExecutionException",
                        target -> target.isPrimitive() || target.isArray()
                                || target.getPackageName().startsWith("java.")
                                || target.getPackageName().startsWith("io.telemetra.api")
                                || target.getPackageName().startsWith("com.fasterxml.jackson.")
                                || target.getPackageName().equals("org.axonframework.modelling.command")
                                && target.isAnnotation()
                                || target.getPackageName().equals("org.axonframework.serialization")
                                && target.isAnnotation()
                                || target.isEquivalentTo(CommandExecutionException.class)))
                .check(CLASSES);
    }
}
