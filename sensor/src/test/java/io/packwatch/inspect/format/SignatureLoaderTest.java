package io.packwatch.inspect.format;

import io.packwatch.testkit.Bytes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.inspect.Detection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignatureLoaderTest {
    @TempDir
    Path dir;

    @Test
    void builtInFileCoversEveryFormat() {
        List<Signature> sigs = SignatureLoader.load(Fixtures.signatureDir());
        Set<String> formats = sigs.stream().map(Signature::format).collect(Collectors.toSet());
        assertEquals(Set.of("gzip", "zlib", "bzip2", "zip", "rar", "7z", "xz", "lzma", "zstd", "lz4", "tar", "cab",
                "compress", "snappy", "arj", "cpio", "ar"), formats);
        Signature tar = sigs.stream().filter(s -> s.format().equals("tar")).findFirst().orElseThrow();
        assertEquals(257, tar.offset());
        assertTrue(tar.probeAtStart());
        assertEquals(17, sigs.stream().filter(s -> s.format().equals("zstd")).findFirst().orElseThrow().magics().size());
        assertTrue(sigs.stream().noneMatch(Signature::magicOnly));
    }

    private Path write(String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml, StandardCharsets.UTF_8);
    }

    private IllegalArgumentException bad(String yaml) throws IOException {
        write("user.yaml", yaml);
        return assertThrows(IllegalArgumentException.class, () -> SignatureLoader.load(dir));
    }

    @Test
    void userFileMayReuseAValidatorOrUseNone() throws IOException {
        write("a.yaml", """
                - format: gzip-foreign
                  magic: "1F 8B 08"
                  offset: 0
                  validator: gzip
                  description: same validator, another name
                - format: pgp-armor
                  magic: 2D2D2D2D2D424547494E20504750
                  validator: none
                  description: magic only
                """);
        write("ignored.txt", "not yaml at all: [");
        List<Signature> sigs = SignatureLoader.load(dir);
        assertEquals(2, sigs.size());
        assertEquals(0, sigs.get(1).offset());
        SignatureDetector d = new SignatureDetector(sigs);
        byte[] data = Bytes.concat("junk -----BEGIN PGP".getBytes(StandardCharsets.US_ASCII), Fixtures.sample("cli.gz"));
        List<Detection> ds = d.detect(data, 0, data.length, true);
        assertEquals(2, ds.size(), ds.toString());
        assertEquals("gzip-foreign", ds.get(0).format()); // validated first
        assertTrue(ds.get(0).validated());
        assertEquals(19, ds.get(0).offset());
        assertEquals("pgp-armor", ds.get(1).format());
        assertFalse(ds.get(1).validated());
        assertEquals(5, ds.get(1).offset());
    }

    @Test
    void unknownValidatorNamesFileAndLine() throws IOException {
        IllegalArgumentException e = bad("""
                - format: foo
                  magic: "01 02"
                  offset: 0
                  validator: gzip
                  description: ok
                - format: bar
                  magic: "0102"
                  validator: frobnicate
                  description: bad
                """);
        assertTrue(e.getMessage().contains("user.yaml:8"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown validator 'frobnicate'"), e.getMessage());
    }

    @Test
    void badHex() throws IOException {
        IllegalArgumentException e = bad("""
                - format: foo
                  magic: "1F 8G"
                  validator: none
                  description: x
                """);
        assertTrue(e.getMessage().matches(".*user\\.yaml:2: bad hex magic '1F 8G'.*"), e.getMessage());
        e = bad("""
                - format: foo
                  magic: ["1F8B", "123"]
                  validator: none
                  description: x
                """);
        assertTrue(e.getMessage().contains("user.yaml:2") && e.getMessage().contains("'123'"), e.getMessage());
    }

    @Test
    void missingField() throws IOException {
        IllegalArgumentException e = bad("""
                # a comment line
                - format: foo
                  validator: none
                  description: x
                """);
        assertTrue(e.getMessage().contains("user.yaml:2: missing field 'magic'"), e.getMessage());
    }

    @Test
    void duplicateFormatAcrossFiles() throws IOException {
        write("a.yaml", """
                - format: foo
                  magic: "0102"
                  validator: none
                  description: x
                """);
        IllegalArgumentException e = bad("""
                - format: other
                  magic: "0304"
                  validator: none
                  description: x
                - format: foo
                  magic: "0506"
                  validator: none
                  description: y
                """);
        assertTrue(e.getMessage().contains("user.yaml:5: duplicate format name 'foo'"), e.getMessage());
        assertTrue(e.getMessage().contains("a.yaml:1"), e.getMessage());
    }

    @Test
    void otherMistakes() throws IOException {
        assertTrue(bad("- format: foo\n  magic: \"01\"\n  offset: -3\n  validator: none\n  description: x\n")
                .getMessage().contains("user.yaml:3: offset must be"));
        assertTrue(bad("- format: foo\n  magic: \"01\"\n  validater: none\n  description: x\n")
                .getMessage().contains("user.yaml:3: unknown field 'validater'"));
        assertTrue(bad("format: foo\n").getMessage().contains("user.yaml:1: expected a list"));
        assertTrue(bad("- format: [a, b]\n  magic: \"01\"\n  validator: none\n  description: x\n")
                .getMessage().contains("user.yaml:1: field 'format' must be a single value"));
        assertTrue(bad("- format: foo\n  magic: \"01\"\n  validator: none\n  description: x\n  probe_at_start: true\n")
                .getMessage().contains("user.yaml:5"));
        assertTrue(bad("- format: foo\n  magic: [\"01\"\n").getMessage().contains("user.yaml: not valid YAML"));
    }

    @Test
    void emptyDirectoryAndEmptyFile() throws IOException {
        assertEquals(List.of(), SignatureLoader.load(dir));
        write("empty.yaml", "# nothing yet\n");
        assertEquals(List.of(), SignatureLoader.load(dir));
    }
}
