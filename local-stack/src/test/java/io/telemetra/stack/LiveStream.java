package io.telemetra.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** A client of query-service's live stream ({@code GET /api/stream}), keeping every {@code data:} line it receives. */
final class LiveStream implements AutoCloseable {

    private final List<String> data = new CopyOnWriteArrayList<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;

    LiveStream(String queryService, String deviceId, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(queryService + "/api/stream?deviceId=" + deviceId
                + "&access_token=" + token)).GET().build();
        response = HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        response.thenAcceptAsync(answer -> {
            try (Stream<String> lines = answer.body()) {
                for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                    String line = it.next();
                    if (line.startsWith("data:")) {
                        data.add(line.substring("data:".length()));
                    }
                }
            } catch (RuntimeException e) {
                // closed
            }
        });
    }

    /** Whether the stream answered 200. */
    boolean connected() {
        return response.isDone() && !response.isCompletedExceptionally() && response.join().statusCode() == 200;
    }

    boolean received(String text) {
        return data.stream().anyMatch(line -> line.contains(text));
    }

    @Override
    public void close() throws IOException {
        if (connected()) {
            response.join().body().close();
        } else {
            response.cancel(true);
        }
    }
}
