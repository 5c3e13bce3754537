package io.telemetra.query.stream;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.telemetra.api.error.DomainException;
import io.telemetra.api.error.ErrorCode;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;

@RestController
class LiveStreamController {

    private final StreamHub hub;
    private final StreamProperties properties;

    LiveStreamController(StreamHub hub, StreamProperties properties) {
        this.hub = hub;
        this.properties = properties;
    }

    @Operation(summary = "Live device updates and alerts as server-sent events",
            description = "event: reading (a LiveReading), event: alert (an AlertView, for every raise, acknowledgement,"
                    + " escalation and resolution), event: command (a DeviceCommandView, for every issue, redelivery,"
                    + " answer and time-out) and event: device (a LiveDeviceUpdate: registration, update, online,"
                    + " offline, decommissioning...), from the moment of connection on; comment lines as heartbeats."
                    + " An alert or command change that overtakes the read model carries only what it changed (null"
                    + " elsewhere): merge it by alertId or commandId. A browser's EventSource cannot send headers, so"
                    + " this endpoint alone also accepts the bearer token as the access_token query parameter. A"
                    + " client that falls behind is disconnected and reconnects; every stream ends after"
                    + " telemetra.stream.max-duration so that reconnecting presents a current token.")
    @GetMapping(path = "/api/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@Parameter(description = "only this device's updates; every device's when absent",
                              example = "boiler-7") @RequestParam(required = false) String deviceId,
                      HttpServletResponse response) {
        SseEmitter emitter = new SseEmitter(properties.maxDuration().toMillis());
        // Reverse proxies such as nginx would otherwise hold events back in their buffers.
        response.setHeader("X-Accel-Buffering", "no");
        StreamHub.Client client = hub.connect(deviceId == null || deviceId.isBlank() ? null : deviceId,
                        new EmitterSink(emitter))
                .orElseThrow(() -> new DomainException(ErrorCode.SERVICE_UNAVAILABLE,
                        "This instance serves as many live streams as it may; retry later or elsewhere"));
        emitter.onCompletion(() -> hub.disconnect(client));
        emitter.onTimeout(() -> hub.disconnect(client));
        emitter.onError(error -> hub.disconnect(client));
        return emitter;
    }

    private record EmitterSink(SseEmitter emitter) implements EventSink {

        @Override
        public void send(StreamMessage message) throws IOException {
            emitter.send(message.isComment() ? SseEmitter.event().comment(message.data())
                    : SseEmitter.event().name(message.event()).data(message.data()));
        }

        @Override
        public void close() {
            emitter.complete();
        }
    }
}
