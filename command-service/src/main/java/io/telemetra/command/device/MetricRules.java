package io.telemetra.command.device;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.telemetra.api.alert.AlertKind;
import io.telemetra.api.device.ThresholdRule;
import io.telemetra.api.telemetry.ReadingRecordedEvent;

import java.util.LinkedHashMap;
import java.util.List;

/** The device's rules by metric, in the order they were configured, each with its evaluation state. */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
final class MetricRules {

    private LinkedHashMap<String, MetricRule> byMetric = new LinkedHashMap<>();

    List<ThresholdRule> rules() {
        return byMetric.values().stream().map(MetricRule::rule).toList();
    }

    /** The rule of a metric, or null when it has none. */
    MetricRule forMetric(String metric) {
        return byMetric.get(metric);
    }

    boolean watches(String metric, AlertKind kind) {
        MetricRule rule = byMetric.get(metric);
        return rule != null && rule.watches(kind);
    }

    /** Replaces the rules; a metric that keeps a rule keeps its evaluation state, a metric without one forgets it. */
    void configure(List<ThresholdRule> rules) {
        LinkedHashMap<String, MetricRule> configured = new LinkedHashMap<>();
        for (ThresholdRule rule : rules) {
            MetricRule existing = byMetric.get(rule.metric());
            configured.put(rule.metric(), existing == null ? MetricRule.of(rule) : existing.reconfigured(rule));
        }
        byMetric = configured;
    }

    void recorded(ReadingRecordedEvent reading) {
        MetricRule rule = byMetric.get(reading.metric());
        if (rule != null && rule.evaluates(reading.timestamp())) {
            byMetric.put(reading.metric(), rule.evaluated(reading.value(), reading.timestamp()));
        }
    }
}
