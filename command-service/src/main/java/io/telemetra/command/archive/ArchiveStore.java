package io.telemetra.command.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Where archived segments live: immutable objects written whole, read whole or by byte range. The operations are those
 * of an S3-compatible object store (PUT, GET, GET with a Range header, HEAD, DELETE), so one can replace
 * {@link DirectoryArchiveStore}.
 */
public interface ArchiveStore {

    /** Writes the object's bytes; see {@link #put}. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Stores an object under {@code name}, replacing one of that name: once this returns, it is durable and readable
     * whole; if it fails or the process dies, no partial object is visible under the name.
     */
    void put(String name, Content content) throws IOException;

    InputStream open(String name) throws IOException;

    /** {@code length} bytes of the object from {@code offset}. */
    InputStream open(String name, long offset, long length) throws IOException;

    boolean exists(String name) throws IOException;

    void delete(String name) throws IOException;

    /** Where it is, for messages. */
    String describe();
}
