package io.telemetra.command.device;

import io.telemetra.api.device.ConfigureDeviceRulesCommand;
import io.telemetra.api.device.ConfigureRulesRequest;
import io.telemetra.api.device.Severity;
import io.telemetra.api.device.ThresholdRule;
import io.telemetra.api.device.ThresholdRuleRequest;
import io.telemetra.api.error.ErrorCode;
import io.telemetra.command.validation.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RulesValidatorTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void aValidRuleSetBecomesACommandWithHysteresisDefaultingToZero() {
        ConfigureDeviceRulesCommand command = RulesValidator.toCommand("pump-1", request(
                new ThresholdRuleRequest("temperature", 10.0, 80.0, 2.5, "CRITICAL"),
                new ThresholdRuleRequest("pressure", null, 3.0, null, "WARNING")), NOW);

        assertThat(command).isEqualTo(new ConfigureDeviceRulesCommand("pump-1", List.of(
                new ThresholdRule("temperature", 10.0, 80.0, 2.5, Severity.CRITICAL),
                new ThresholdRule("pressure", null, 3.0, 0.0, Severity.WARNING)), 60, NOW));
    }

    @Test
    void anEmptyRuleSetRemovesEveryRule() {
        assertThat(RulesValidator.toCommand("pump-1", new ConfigureRulesRequest(List.of(), null), NOW).rules())
                .isEmpty();
    }

    @Test
    void rulesAreRequired() {
        assertRefused(new ConfigureRulesRequest(null, 60), "rules");
    }

    @Test
    void aRuleWithoutBoundsIsRefused() {
        assertRefused(request(new ThresholdRuleRequest("temperature", null, null, null, "INFO")), "rules[0]");
    }

    @Test
    void minMustBeBelowMax() {
        assertRefused(request(new ThresholdRuleRequest("temperature", 80.0, 80.0, null, "INFO")), "rules[0].max");
    }

    @Test
    void aNegativeHysteresisIsRefused() {
        assertRefused(request(new ThresholdRuleRequest("temperature", null, 80.0, -1.0, "INFO")),
                "rules[0].hysteresis");
    }

    @Test
    void aHysteresisAsWideAsTheBandIsRefused() {
        assertRefused(request(new ThresholdRuleRequest("temperature", 10.0, 20.0, 10.0, "INFO")),
                "rules[0].hysteresis");
    }

    @Test
    void anUnknownSeverityIsRefused() {
        assertRefused(request(new ThresholdRuleRequest("temperature", 10.0, 20.0, null, "FATAL")),
                "rules[0].severity");
    }

    @Test
    void aMissingSeverityIsRefused() {
        assertRefused(request(new ThresholdRuleRequest("temperature", 10.0, 20.0, null, null)), "rules[0].severity");
    }

    @Test
    void aBoundThatIsNotFiniteIsRefused() {
        assertRefused(request(new ThresholdRuleRequest("temperature", Double.NEGATIVE_INFINITY, 20.0, null, "INFO")),
                "rules[0].min");
    }

    @Test
    void twoRulesForOneMetricAreRefused() {
        assertRefused(request(new ThresholdRuleRequest("temperature", 10.0, 20.0, null, "INFO"),
                new ThresholdRuleRequest("temperature", 0.0, 30.0, null, "CRITICAL")), "rules[1].metric");
    }

    @Test
    void aMetricOutsideThePatternIsRefused() {
        assertRefused(request(new ThresholdRuleRequest("temp erature", 10.0, 20.0, null, "INFO")),
                "rules[0].metric");
    }

    @Test
    void aReportingIntervalOutsideItsRangeIsRefused() {
        assertRefused(new ConfigureRulesRequest(List.of(), 0), "reportingIntervalSeconds");
        assertRefused(new ConfigureRulesRequest(List.of(), RulesValidator.MAX_REPORTING_INTERVAL_SECONDS + 1),
                "reportingIntervalSeconds");
    }

    private static ConfigureRulesRequest request(ThresholdRuleRequest... rules) {
        return new ConfigureRulesRequest(Arrays.asList(rules), 60);
    }

    private static void assertRefused(ConfigureRulesRequest request, String field) {
        assertThatThrownBy(() -> RulesValidator.toCommand("pump-1", request, NOW))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.field()).isEqualTo(field);
                });
    }
}
