package io.packwatch.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths into the repository (pcaps/, config/, signatures/) for tests. */
public final class Repo {
    private Repo() {
    }

    public static Path root() {
        String prop = System.getProperty("packwatch.root");
        if (prop != null) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("pcaps"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root (no pcaps/ above the working directory)");
        }
        return p;
    }

    public static Path pcap(String name) {
        return root().resolve("pcaps").resolve(name);
    }
}
