package io.telemetra.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The HMAC key the services validate bearer tokens with ({@code TELEMETRA_JWT_SECRET}). Generated once per home and
 * readable only by its owner, so tokens minted for this stack keep working across restarts and nobody else can mint
 * them.
 */
public final class DevelopmentSecret {

    public static final String ENVIRONMENT_VARIABLE = "TELEMETRA_JWT_SECRET";
    private static final int MIN_LENGTH = 32;

    private DevelopmentSecret() {
    }

    public static String loadOrCreate(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            String secret = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (secret.length() >= MIN_LENGTH) {
                return secret;
            }
        }
        byte[] key = new byte[48];
        new SecureRandom().nextBytes(key);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(key);
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file); // no POSIX permissions on this file system
        } catch (FileAlreadyExistsException e) {
            return loadOrCreate(file); // a concurrent start won the race: use its secret
        }
        Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
        return secret;
    }
}
