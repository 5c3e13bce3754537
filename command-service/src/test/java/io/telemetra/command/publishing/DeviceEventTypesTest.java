package io.telemetra.command.publishing;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.telemetra.api.kafka.DeviceEventTypes;
import io.telemetra.command.device.Device;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The publisher refuses events without a stable type name; these tests find a missing one before it ships. */
class DeviceEventTypesTest {

    private static final JavaClasses CLASSES = new ClassFileImporter().importPackages("io.telemetra");

    @Test
    void everyEventTheDeviceAppliesHasAStableTypeName() {
        Set<Class<?>> applied = CLASSES.get(Device.class).getConstructorCallsFromSelf().stream()
                .map(call -> call.getTargetOwner())
                .filter(DeviceEventTypesTest::isEvent)
                .map(JavaClass::reflect)
                .collect(Collectors.toSet());

        assertThat(applied).isNotEmpty()
                .allSatisfy(event -> assertThat(DeviceEventTypes.nameOf(event))
                        .as("type name of %s", event.getName()).isPresent());
    }

    @Test
    void everyEventOfTheContractHasAStableTypeNameAndARevision() {
        Set<Class<?>> events = CLASSES.stream()
                .filter(javaClass -> javaClass.getPackageName().startsWith("io.telemetra.api"))
                .filter(DeviceEventTypesTest::isEvent)
                .map(JavaClass::reflect)
                .collect(Collectors.toSet());

        assertThat(events).isNotEmpty().allSatisfy(event -> {
            assertThat(DeviceEventTypes.nameOf(event)).as("type name of %s", event.getName()).isPresent();
            assertThat(event.getAnnotation(Revision.class)).as("@Revision on %s", event.getName()).isNotNull();
        });
    }

    private static boolean isEvent(JavaClass javaClass) {
        return javaClass.getSimpleName().endsWith("Event") && javaClass.isRecord();
    }
}
