package io.telemetra.query.actions;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.telemetra.api.error.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import java.net.URI;
import java.util.List;

/**
 * The fleet page's actions, served from this service's origin and forwarded as they are to command-service, which
 * decides them (and checks the caller's token and role again): the page needs no CORS and no second address. Only
 * these four routes are forwarded; the request's body, its bearer token, its content type and idempotency key go
 * along, and command-service's status, body and content type come back unchanged, problem details included.
 */
@RestController
@Tag(name = "Actions (forwarded to command-service)")
class CommandServiceRoutes {

    private static final Logger log = LoggerFactory.getLogger(CommandServiceRoutes.class);
    private static final List<String> REQUEST_HEADERS = List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE,
            HttpHeaders.ACCEPT, "Idempotency-Key");
    private static final List<String> RESPONSE_HEADERS = List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.RETRY_AFTER);

    private final RestClient commandService;
    private final URI base;

    CommandServiceRoutes(RestClient.Builder builder, CommandServiceProperties properties) {
        this.base = properties.url();
        this.commandService = builder.requestFactory(ClientHttpRequestFactoryBuilder.jdk().build(
                        ClientHttpRequestFactorySettings.defaults()
                                .withConnectTimeout(properties.connectTimeout())
                                .withReadTimeout(properties.readTimeout())))
                .build();
    }

    @Operation(summary = "Issue a device command (command-service's POST, forwarded)",
            description = "Body {type, parameters?}, optional Idempotency-Key header; answers as command-service does:"
                    + " 202 {commandId}, or its problem detail.")
    @PostMapping("/api/devices/{deviceId}/commands")
    ResponseEntity<byte[]> issueCommand(HttpServletRequest request, @RequestBody(required = false) byte[] body) {
        return forward(HttpMethod.POST, request, body);
    }

    @Operation(summary = "Acknowledge an alert (command-service's POST, forwarded)",
            description = "Body {note?}; answers as command-service does: 204, or its problem detail.")
    @PostMapping("/api/devices/{deviceId}/alerts/{alertId}/acknowledge")
    ResponseEntity<byte[]> acknowledgeAlert(HttpServletRequest request, @RequestBody(required = false) byte[] body) {
        return forward(HttpMethod.POST, request, body);
    }

    @Operation(summary = "A device's event history (command-service's audit GET, forwarded)",
            description = "Parameters from, to, type, page, size; auditor or admin.")
    @GetMapping("/api/devices/{deviceId}/history")
    ResponseEntity<byte[]> history(HttpServletRequest request) {
        return forward(HttpMethod.GET, request, null);
    }

    @Operation(summary = "A device's state as of an instant (command-service's audit GET, forwarded)",
            description = "Parameter asOf; auditor or admin.")
    @GetMapping("/api/devices/{deviceId}/state")
    ResponseEntity<byte[]> state(HttpServletRequest request) {
        return forward(HttpMethod.GET, request, null);
    }

    /** command-service does not answer: the action was not taken, and the page may try again. */
    @ExceptionHandler(ResourceAccessException.class)
    ProblemDetail unreachable(ResourceAccessException e) {
        log.warn("command-service at {} does not answer: {}", base, e.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "command-service does not answer; nothing was done, try again");
        problem.setProperty("code", ErrorCode.SERVICE_UNAVAILABLE.name());
        return problem;
    }

    private ResponseEntity<byte[]> forward(HttpMethod method, HttpServletRequest request, byte[] body) {
        // The path as it arrived (still percent-encoded), on command-service's base URL.
        String query = request.getQueryString();
        URI target = URI.create(base.toString().replaceAll("/+$", "") + request.getRequestURI()
                + (query == null ? "" : "?" + query));
        RestClient.RequestBodySpec call = commandService.method(method).uri(target).headers(headers ->
                REQUEST_HEADERS.forEach(name -> {
                    String value = request.getHeader(name);
                    if (value != null) {
                        headers.set(name, value);
                    }
                }));
        if (body != null) {
            call.body(body);
        }
        return call.exchange((sent, response) -> {
            HttpHeaders headers = new HttpHeaders();
            RESPONSE_HEADERS.forEach(name -> {
                String value = response.getHeaders().getFirst(name);
                if (value != null) {
                    headers.set(name, value);
                }
            });
            byte[] answer = response.getBody().readAllBytes();
            return ResponseEntity.status(response.getStatusCode()).headers(headers)
                    .body(answer.length == 0 ? null : answer);
        });
    }
}
