package io.telemetra.command.device.web;

import io.telemetra.api.device.AlertResponse;
import io.telemetra.api.device.AnomalyDetection;
import io.telemetra.api.device.ConfigureDeviceRulesCommand;
import io.telemetra.api.device.ConfigureRulesRequest;
import io.telemetra.api.device.Severity;
import io.telemetra.api.device.ThresholdRule;
import io.telemetra.api.device.ThresholdRuleRequest;
import io.telemetra.api.device.ThresholdRuleRequest.AnomalyRequest;
import io.telemetra.api.device.ThresholdRuleRequest.ResponseRequest;
import io.telemetra.api.error.ErrorCode;
import io.telemetra.command.validation.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

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
    void aRuleWithoutBoundsOrAnomalyDetectionIsRefused() {
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

    @Test
    void anomalyDetectionAndAResponseCommandAreKept() {
        ConfigureDeviceRulesCommand command = RulesValidator.toCommand("pump-1", request(
                new ThresholdRuleRequest("temperature", null, 80.0, null, "CRITICAL",
                        new AnomalyRequest(3.5, 0.2, 10), new ResponseRequest("THROTTLE", Map.of("percent", 50)))),
                NOW);

        assertThat(command.rules()).containsExactly(new ThresholdRule("temperature", null, 80.0, 0.0,
                Severity.CRITICAL, new AnomalyDetection(3.5, 0.2, 10),
                new AlertResponse("THROTTLE", Map.of("percent", 50))));
    }

    @Test
    void anomalyDetectionAloneIsARuleAndItsUnsetFieldsTakeTheDefaults() {
        ConfigureDeviceRulesCommand command = RulesValidator.toCommand("pump-1", request(
                new ThresholdRuleRequest("vibration", null, null, null, "INFO",
                        new AnomalyRequest(null, null, null), null)), NOW);

        assertThat(command.rules().get(0).anomaly()).isEqualTo(new AnomalyDetection(
                AnomalyDetection.DEFAULT_Z_SCORE, AnomalyDetection.DEFAULT_ALPHA, AnomalyDetection.DEFAULT_WARM_UP));
        assertThat(command.rules().get(0).response()).isNull();
    }

    @Test
    void aResponseCommandWithoutParametersHasNone() {
        ConfigureDeviceRulesCommand command = RulesValidator.toCommand("pump-1", request(
                new ThresholdRuleRequest("temperature", null, 80.0, null, "CRITICAL", null,
                        new ResponseRequest("REBOOT", null))), NOW);

        assertThat(command.rules().get(0).response()).isEqualTo(new AlertResponse("REBOOT", Map.of()));
    }

    @Test
    void aRuleWithNeitherBoundsNorAnomalyDetectionIsRefused() {
        assertRefused(request(new ThresholdRuleRequest("temperature", null, null, null, "INFO", null,
                new ResponseRequest("REBOOT", null))), "rules[0]");
    }

    @Test
    void anomalySettingsOutsideTheirRangesAreRefused() {
        assertRefused(anomaly(new AnomalyRequest(0.0, null, null)), "rules[0].anomaly.zScore");
        assertRefused(anomaly(new AnomalyRequest(Double.POSITIVE_INFINITY, null, null)), "rules[0].anomaly.zScore");
        assertRefused(anomaly(new AnomalyRequest(null, 0.0, null)), "rules[0].anomaly.alpha");
        assertRefused(anomaly(new AnomalyRequest(null, 1.01, null)), "rules[0].anomaly.alpha");
        assertRefused(anomaly(new AnomalyRequest(null, null, 1)), "rules[0].anomaly.warmUp");
        assertThat(RulesValidator.toCommand("pump-1", anomaly(new AnomalyRequest(0.1, 1.0, 2)), NOW).rules())
                .extracting(ThresholdRule::anomaly).containsExactly(new AnomalyDetection(0.1, 1.0, 2));
    }

    @Test
    void aResponseTypeOutsideThePatternIsRefused() {
        for (String type : new String[]{null, "", "reboot", "1REBOOT", "RE-BOOT", "R".repeat(65)}) {
            assertRefused(request(new ThresholdRuleRequest("temperature", null, 80.0, null, "INFO", null,
                    new ResponseRequest(type, null))), "rules[0].response.type");
        }
    }

    @Test
    void responseParametersBeyondTheBoundAreRefused() {
        assertRefused(request(new ThresholdRuleRequest("temperature", null, 80.0, null, "INFO", null,
                        new ResponseRequest("SET_CONFIG", Map.of("blob", "x".repeat(9000))))),
                "rules[0].response.parameters");
    }

    private static ConfigureRulesRequest anomaly(AnomalyRequest anomaly) {
        return request(new ThresholdRuleRequest("vibration", null, null, null, "INFO", anomaly, null));
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
