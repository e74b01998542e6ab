package io.packwatch.config;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the sensor is installed, to find {@code config/} and {@code signatures/} when paths are
 * relative: the {@code packwatch.home} property (the launcher sets it), else the repository the
 * jar was built in ({@code sensor/target/sensor.jar} lies two levels below it), else null.
 */
public final class Install {
    private Install() {
    }

    public static Path home() {
        String prop = System.getProperty("packwatch.home");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        try {
            Path code = Path.of(Install.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = code.getParent(); p != null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve("signatures")) && Files.isDirectory(p.resolve("config"))) {
                    return p;
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // no code source (unusual class loader): fall back to the working directory
        }
        return null;
    }

    /** {@code path} as given when absolute, else under the installation, else under the working directory. */
    public static Path resolve(String path) {
        Path p = Path.of(path);
        Path home = home();
        return p.isAbsolute() || home == null ? p : home.resolve(p);
    }
}
