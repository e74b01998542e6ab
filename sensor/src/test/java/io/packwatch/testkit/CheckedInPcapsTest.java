package io.packwatch.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.support.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated pcaps in pcaps/ are exactly what the generator writes today: nobody edits one by hand. */
class CheckedInPcapsTest {
    @TempDir
    Path tmp;

    @Test
    void generatorReproducesEveryCheckedInFile() throws Exception {
        GeneratePcaps.main(new String[] {tmp.toString()});
        List<Path> generated;
        try (Stream<Path> files = Files.walk(tmp)) {
            generated = files.filter(Files::isRegularFile).toList();
        }
        assertTrue(generated.size() >= 20, "generated " + generated);
        for (Path g : generated) {
            Path checkedIn = Repo.root().resolve("pcaps").resolve(tmp.relativize(g).toString());
            assertTrue(Files.exists(checkedIn), checkedIn + " is generated but not checked in");
            assertArrayEquals(Files.readAllBytes(checkedIn), Files.readAllBytes(g), checkedIn + " differs from the generator");
        }
    }
}
