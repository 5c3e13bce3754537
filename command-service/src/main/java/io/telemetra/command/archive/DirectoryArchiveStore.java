package io.telemetra.command.archive;

import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * An archive store in a local directory. An object is written to a temporary file beside its final name, forced to
 * disk, renamed into place atomically and the directory forced too, so that after a crash an object is either whole
 * under its name or absent; a temporary file a crash left behind is deleted at the next start.
 */
public final class DirectoryArchiveStore implements ArchiveStore {

    private static final String TEMPORARY = ".partial-";

    private final Path directory;

    public DirectoryArchiveStore(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory.toAbsolutePath().normalize());
        try (var leftovers = Files.list(this.directory)) {
            for (Path leftover : leftovers.filter(path -> path.getFileName().toString().contains(TEMPORARY))
                    .toList()) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    @Override
    public void put(String name, Content content) throws IOException {
        Path target = resolve(name);
        Path temporary = directory.resolve(name + TEMPORARY + UUID.randomUUID());
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                content.writeTo(new NonClosing(out));
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the archive directory " + directory + " cannot rename files atomically", e);
            }
            forceDirectory();
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public InputStream open(String name) throws IOException {
        return Files.newInputStream(resolve(name));
    }

    @Override
    public InputStream open(String name, long offset, long length) throws IOException {
        FileChannel channel = FileChannel.open(resolve(name), StandardOpenOption.READ);
        channel.position(offset);
        InputStream in = Channels.newInputStream(channel);
        return new FilterInputStream(in) {
            private long left = length;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = super.read();
                if (b >= 0) {
                    left--;
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(buffer, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }
        };
    }

    @Override
    public boolean exists(String name) {
        return Files.isRegularFile(resolve(name));
    }

    @Override
    public void delete(String name) throws IOException {
        Files.deleteIfExists(resolve(name));
        forceDirectory();
    }

    @Override
    public String describe() {
        return directory.toString();
    }

    private Path resolve(String name) {
        Path path = directory.resolve(name).normalize();
        if (!path.getParent().equals(directory)) {
            throw new IllegalArgumentException("not an object name: " + name);
        }
        return path;
    }

    /** A rename is durable once the directory's entry is. */
    private void forceDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /** The writer must not close the file: it is forced before it is closed. */
    private static final class NonClosing extends java.io.FilterOutputStream {

        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
