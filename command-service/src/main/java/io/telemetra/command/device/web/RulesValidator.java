package io.telemetra.command.device.web;

import io.telemetra.api.device.AlertResponse;
import io.telemetra.api.device.AnomalyDetection;
import io.telemetra.api.device.ConfigureDeviceRulesCommand;
import io.telemetra.api.device.ConfigureRulesRequest;
import io.telemetra.api.device.Severity;
import io.telemetra.api.device.ThresholdRule;
import io.telemetra.api.device.ThresholdRuleRequest;
import io.telemetra.command.validation.Fields;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.telemetra.command.validation.Fields.optionalParameters;
import static io.telemetra.command.validation.Fields.path;
import static io.telemetra.command.validation.Fields.requireEnum;
import static io.telemetra.command.validation.Fields.requireMatch;
import static io.telemetra.command.validation.Fields.requirePresent;
import static io.telemetra.command.validation.InvalidRequestException.invalid;

/** Checks a rule set: each rule must be one that can be evaluated without ambiguity. */
final class RulesValidator {

    static final int MAX_RULES = 100;
    static final int MAX_REPORTING_INTERVAL_SECONDS = 7 * 24 * 3600;

    private RulesValidator() {
    }

    static ConfigureDeviceRulesCommand toCommand(String deviceId, ConfigureRulesRequest request, Instant requestedAt) {
        requirePresent(request, "rules");
        List<ThresholdRuleRequest> requested = requirePresent(request.rules(), "rules");
        if (requested.size() > MAX_RULES) {
            throw invalid("rules", "rules must have at most " + MAX_RULES + " entries");
        }
        List<ThresholdRule> rules = new ArrayList<>(requested.size());
        Set<String> metrics = new HashSet<>();
        for (int i = 0; i < requested.size(); i++) {
            ThresholdRule rule = checkRule(requested.get(i), "rules[" + i + "]");
            if (!metrics.add(rule.metric())) {
                throw invalid("rules[" + i + "].metric", "rules[" + i + "].metric " + rule.metric()
                        + " already has a rule: one rule per metric");
            }
            rules.add(rule);
        }
        Integer interval = request.reportingIntervalSeconds();
        if (interval != null && (interval < 1 || interval > MAX_REPORTING_INTERVAL_SECONDS)) {
            throw invalid("reportingIntervalSeconds",
                    "reportingIntervalSeconds must be between 1 and " + MAX_REPORTING_INTERVAL_SECONDS);
        }
        return new ConfigureDeviceRulesCommand(deviceId, rules, interval, requestedAt);
    }

    private static ThresholdRule checkRule(ThresholdRuleRequest rule, String field) {
        requirePresent(rule, field);
        String metric = requireMatch(rule.metric(), Fields.METRIC, path(field, "metric"));
        Double min = optionalFinite(rule.min(), path(field, "min"));
        Double max = optionalFinite(rule.max(), path(field, "max"));
        AnomalyDetection anomaly = anomaly(rule.anomaly(), path(field, "anomaly"));
        if (min == null && max == null && anomaly == null) {
            throw invalid(field, field + " must have at least one of min, max and anomaly");
        }
        if (min != null && max != null && !(min < max)) {
            throw invalid(path(field, "max"), path(field, "max") + " must be greater than min");
        }
        double hysteresis = rule.hysteresis() == null ? 0 : optionalFinite(rule.hysteresis(), path(field, "hysteresis"));
        if (hysteresis < 0) {
            throw invalid(path(field, "hysteresis"), path(field, "hysteresis") + " must not be negative");
        }
        if (min != null && max != null && !(hysteresis < max - min)) {
            throw invalid(path(field, "hysteresis"), path(field, "hysteresis") + " must be smaller than max - min");
        }
        Severity severity = requireEnum(rule.severity(), Severity.class, path(field, "severity"));
        return new ThresholdRule(metric, min, max, hysteresis, severity, anomaly,
                response(rule.response(), path(field, "response")));
    }

    /** Unset fields take the defaults of {@link AnomalyDetection}. */
    private static AnomalyDetection anomaly(ThresholdRuleRequest.AnomalyRequest anomaly, String field) {
        if (anomaly == null) {
            return null;
        }
        double zScore = anomaly.zScore() == null ? AnomalyDetection.DEFAULT_Z_SCORE
                : optionalFinite(anomaly.zScore(), path(field, "zScore"));
        if (!(zScore > 0)) {
            throw invalid(path(field, "zScore"), path(field, "zScore") + " must be greater than 0");
        }
        double alpha = anomaly.alpha() == null ? AnomalyDetection.DEFAULT_ALPHA
                : optionalFinite(anomaly.alpha(), path(field, "alpha"));
        if (!(alpha > 0 && alpha <= 1)) {
            throw invalid(path(field, "alpha"), path(field, "alpha") + " must be greater than 0 and at most 1");
        }
        int warmUp = anomaly.warmUp() == null ? AnomalyDetection.DEFAULT_WARM_UP : anomaly.warmUp();
        if (warmUp < 2) {
            throw invalid(path(field, "warmUp"), path(field, "warmUp") + " must be at least 2");
        }
        return new AnomalyDetection(zScore, alpha, warmUp);
    }

    private static AlertResponse response(ThresholdRuleRequest.ResponseRequest response, String field) {
        if (response == null) {
            return null;
        }
        String type = requireMatch(response.type(), Fields.COMMAND_TYPE, path(field, "type"));
        return new AlertResponse(type, optionalParameters(response.parameters(), path(field, "parameters")));
    }

    private static Double optionalFinite(Double value, String field) {
        if (value != null && !Double.isFinite(value)) {
            throw invalid(field, field + " must be a finite number");
        }
        return value;
    }
}
