package io.telemetra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.security.Role;
import io.telemetra.stack.Service;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * An administrative job of the running stack (a rebuild, a re-publication): started with an admin token minted for
 * this stack, then followed with a progress bar until it is done.
 */
final class AdminJob {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_EVERY = Duration.ofSeconds(1);
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    private static final int BAR_WIDTH = 40;

    private final URI jobs;
    private final String token;

    private AdminJob(URI jobs, String token) {
        this.jobs = jobs;
        this.token = token;
    }

    /** The jobs at {@code path} of a service of the stack running from the home, called as {@code subject}. */
    static AdminJob of(Workspace workspace, HomeOption home, Service service, String path, String subject)
            throws IOException {
        RunningStack stack = RunningStack.require(home.resolve(workspace));
        int port = stack.answeringPort(service);
        String secret = RunningStack.secret(workspace, stack.home(), false);
        return new AdminJob(URI.create("http://localhost:" + port + path),
                TokenCommand.mint(secret, subject, List.of(Role.ADMIN), null, TOKEN_LIFETIME));
    }

    /** Starts the job and returns its id, the {@code idField} of the answer. */
    String start(String body, String idField) throws IOException {
        Http.Answer answer = call(() -> Http.postJson(jobs, token, body, CALL_TIMEOUT));
        JsonNode json = json(answer.body());
        return switch (answer.status()) {
            case 202 -> json.path(idField).asText();
            case 409 -> throw CliException.die("refused, one is already running: " + json.path("detail").asText());
            default -> throw CliException.die(jobs + " answered HTTP " + answer.status() + ": "
                    + json.path("detail").asText(""));
        };
    }

    /** Draws the job's progress until it completes; a failed job fails the command. */
    void follow(String id, String label, PrintWriter out, boolean terminal) throws IOException, InterruptedException {
        URI progress = URI.create(jobs + "/" + id);
        String end = terminal ? "\r" : "\n";
        while (true) {
            Http.Answer answer = call(() -> Http.get(progress, token, CALL_TIMEOUT));
            JsonNode json = json(answer.body());
            if (answer.status() != 200) {
                throw CliException.die("progress at " + progress + ": HTTP " + answer.status() + " "
                        + json.path("detail").asText(""));
            }
            String state = json.path("state").asText();
            long processed = json.path("processed").asLong();
            long total = json.path("total").asLong();
            int percent = state.equals("COMPLETED") ? 100 : total > 0 ? (int) (processed * 100 / total) : 0;
            String eta = json.has("etaSeconds")
                    ? " ETA " + (json.get("etaSeconds").isNull() ? "?" : json.get("etaSeconds").asText()) + "s" : "";
            String phase = json.hasNonNull("phase") ? " " + json.get("phase").asText() : "";
            out.printf(Locale.ROOT, "%s [%-" + BAR_WIDTH + "s] %3d%% %d/%d %d/s%s%s\033[K%s", label,
                    "#".repeat(percent * BAR_WIDTH / 100), percent, processed, total,
                    (long) json.path("ratePerSecond").asDouble(), eta, phase, end);
            out.flush();
            switch (state) {
                case "COMPLETED" -> {
                    out.print(terminal ? "\n" : "");
                    out.println(label + " completed: " + processed + " of " + total + " processed");
                    out.flush();
                    return;
                }
                case "FAILED" -> {
                    out.print(terminal ? "\n" : "");
                    out.flush();
                    throw CliException.die(label + " failed: " + json.path("error").asText());
                }
                case "RUNNING" -> Thread.sleep(POLL_EVERY.toMillis());
                default -> throw CliException.die("unexpected answer from " + progress + ": " + answer.body());
            }
        }
    }

    private interface Call {
        Http.Answer send() throws IOException;
    }

    private Http.Answer call(Call call) {
        try {
            return call.send();
        } catch (IOException e) {
            throw CliException.die("no answer from " + jobs + " (" + e.getMessage() + ")");
        }
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
