package io.telemetra.query.stream;

/**
 * One message of the live stream, serialised once for every client.
 *
 * @param deviceId the device it concerns, for the per-client filter; null for messages to every client
 * @param event    the SSE event name; null for a comment line
 * @param data     the event's JSON, or the comment's text
 */
record StreamMessage(String deviceId, String event, String data) {

    static StreamMessage event(String deviceId, String event, String json) {
        return new StreamMessage(deviceId, event, json);
    }

    static StreamMessage comment(String text) {
        return new StreamMessage(null, null, text);
    }

    boolean isComment() {
        return event == null;
    }
}
