package io.packwatch.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.config.ConfigException;
import io.packwatch.config.ConfigLoader;
import io.packwatch.config.Settings;
import io.packwatch.inspect.Detection;
import io.packwatch.inspect.format.Signature;
import io.packwatch.inspect.format.SignatureDetector;
import io.packwatch.inspect.format.SignatureLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * The two loaders of operator-written YAML on arbitrary text. The config loader may only fail with
 * a {@link ConfigException}, the signature loader only with the {@link IllegalArgumentException}
 * its documentation names; both messages must name the file.
 */
class ConfigFuzzTest {
    private final ScratchFile config = new ScratchFile(".yaml");
    private final ScratchFile signatures = new ScratchFile(".yaml");

    @PackwatchFuzzTest
    void configFile(byte[] yaml) {
        Path file = config.write(yaml);
        Settings s;
        try {
            s = ConfigLoader.load(file, List.of());
        } catch (ConfigException e) {
            assertNotNull(e.getMessage());
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            return;
        }
        assertNotNull(s.string("reassembly.policy"));
    }

    /** Signatures that load must also build a detector that runs. */
    @PackwatchFuzzTest
    void signatureFile(byte[] yaml) {
        Path file = signatures.write(yaml);
        List<Signature> loaded;
        try {
            loaded = SignatureLoader.loadFile(file);
        } catch (IllegalArgumentException e) {
            assertNotNull(e.getMessage());
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            return;
        }
        SignatureDetector detector = new SignatureDetector(loaded);
        List<Detection> found = detector.detect(yaml, 0, yaml.length, true);
        for (Detection d : found) {
            assertTrue(d.offset() >= 0 && d.offset() < yaml.length, d.toString());
        }
    }
}
