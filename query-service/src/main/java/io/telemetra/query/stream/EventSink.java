package io.telemetra.query.stream;

import java.io.IOException;

/** Where a client's messages go: its HTTP response in production, a recorder in tests. */
interface EventSink {

    /** Writes and flushes one message; blocks while the client's socket is full. */
    void send(StreamMessage message) throws IOException;

    /** Ends the response; the client may reconnect. */
    void close();
}
