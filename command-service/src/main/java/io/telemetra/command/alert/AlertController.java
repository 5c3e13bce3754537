package io.telemetra.command.alert;

import io.telemetra.api.alert.AcknowledgeAlertCommand;
import io.telemetra.api.alert.AcknowledgeAlertRequest;
import io.telemetra.command.messaging.ConflictRetry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;

import static io.telemetra.command.validation.Fields.optionalText;
import static io.telemetra.command.validation.Fields.requireIdentifier;

/** Operators take alerts in hand; acknowledging stops an alert's escalation, not its resolution. */
@RestController
class AlertController {

    static final int MAX_NOTE_LENGTH = 1000;

    private final CommandGateway commandGateway;
    private final ConflictRetry conflictRetry;
    private final Clock clock;

    AlertController(CommandGateway commandGateway, ConflictRetry conflictRetry, Clock clock) {
        this.commandGateway = commandGateway;
        this.conflictRetry = conflictRetry;
        this.clock = clock;
    }

    /** The body, {@code {note?}}, may be left out altogether; acknowledging twice is accepted and recorded once. */
    @PostMapping("/api/devices/{deviceId}/alerts/{alertId}/acknowledge")
    ResponseEntity<Void> acknowledge(@PathVariable String deviceId, @PathVariable String alertId,
                                     @RequestBody(required = false) AcknowledgeAlertRequest request,
                                     Authentication authentication) {
        String note = request == null ? null : optionalText(request.note(), MAX_NOTE_LENGTH, "note");
        AcknowledgeAlertCommand command = new AcknowledgeAlertCommand(requireIdentifier(deviceId, "deviceId"),
                requireIdentifier(alertId, "alertId"), authentication.getName(), note, clock.instant());
        conflictRetry.run(() -> commandGateway.sendAndWait(command));
        return ResponseEntity.noContent().build();
    }
}
