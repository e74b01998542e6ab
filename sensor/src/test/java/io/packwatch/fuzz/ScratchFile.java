package io.packwatch.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One temporary file a fuzz target rewrites on every execution, for parsers that only read files.
 * Created on first use and deleted when the JVM exits.
 */
final class ScratchFile {
    private final String suffix;
    private Path path;

    ScratchFile(String suffix) {
        this.suffix = suffix;
    }

    /** Replaces the file's contents with {@code data} and returns its path. */
    Path write(byte[] data) {
        try {
            if (path == null) {
                path = Files.createTempFile("packwatch-fuzz-", suffix);
                path.toFile().deleteOnExit();
            }
            Files.write(path, data);
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
