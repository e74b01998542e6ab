package io.packwatch.inspect.format;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Loads format signatures from every {@code *.yaml} file in a directory (sorted by name). Each file is
 * a YAML sequence of mappings; see {@code signatures/README.md}. Errors name the file and line.
 */
public final class SignatureLoader {
    /** Longest magic accepted; longer ones are a mistake. */
    static final int MAX_MAGIC = 64;
    /** Largest magic offset accepted (the magic must fit in a detection window). */
    static final int MAX_OFFSET = 4096;

    private static final Set<String> KEYS = Set.of("format", "magic", "offset", "validator", "description",
            "probe_at_start");

    private SignatureLoader() {
    }

    /**
     * Loads every {@code *.yaml} file in {@code dir}.
     *
     * @throws IllegalArgumentException naming file and line when an entry is malformed or a format name repeats
     * @throws UncheckedIOException when the directory cannot be read
     */
    public static List<Signature> load(Path dir) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.yaml")) {
            ds.forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read signature directory " + dir, e);
        }
        files.sort(null);
        List<Signature> out = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Path f : files) {
            for (Signature s : loadFile(f)) {
                String prev = seen.putIfAbsent(s.format(), s.origin());
                if (prev != null) {
                    throw new IllegalArgumentException(s.origin() + ": duplicate format name '" + s.format()
                            + "' (first defined at " + prev + ")");
                }
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    /** Loads one signature file. */
    public static List<Signature> loadFile(Path file) {
        Node root;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(r);
        } catch (YAMLException e) {
            throw new IllegalArgumentException(file + ": not valid YAML: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read signature file " + file, e);
        }
        if (root == null) {
            return List.of();
        }
        if (!(root instanceof SequenceNode seq)) {
            throw error(file, root, "expected a list of signature entries");
        }
        List<Signature> out = new ArrayList<>();
        for (Node n : seq.getValue()) {
            out.add(entry(file, n));
        }
        return out;
    }

    private static Signature entry(Path file, Node n) {
        if (!(n instanceof MappingNode map)) {
            throw error(file, n, "expected a mapping with format, magic, offset, validator, description");
        }
        Map<String, Node> fields = new HashMap<>();
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw error(file, t.getKeyNode(), "keys must be plain names");
            }
            if (!KEYS.contains(k.getValue())) {
                throw error(file, k, "unknown field '" + k.getValue() + "' (allowed: " + new TreeSet<>(KEYS) + ")");
            }
            if (fields.put(k.getValue(), t.getValueNode()) != null) {
                throw error(file, k, "field '" + k.getValue() + "' given twice");
            }
        }
        String format = scalar(file, map, fields, "format", true);
        if (!format.matches("[a-z0-9][a-z0-9._-]{0,31}")) {
            throw error(file, fields.get("format"), "format name '" + format
                    + "' must be lowercase letters, digits, '.', '_' or '-' (at most 32)");
        }
        String validator = scalar(file, map, fields, "validator", true);
        if (!Validators.names().contains(validator)) {
            throw error(file, fields.get("validator"), "unknown validator '" + validator + "' (known: "
                    + Validators.names() + ")");
        }
        String description = scalar(file, map, fields, "description", true);
        String offText = scalar(file, map, fields, "offset", false);
        int offset = 0;
        if (offText != null) {
            try {
                offset = Integer.parseInt(offText);
            } catch (NumberFormatException e) {
                offset = -1;
            }
            if (offset < 0 || offset > MAX_OFFSET) {
                throw error(file, fields.get("offset"), "offset must be an integer 0.." + MAX_OFFSET + ", got '"
                        + offText + "'");
            }
        }
        String probeText = scalar(file, map, fields, "probe_at_start", false);
        boolean probe = false;
        if (probeText != null) {
            if (!probeText.equals("true") && !probeText.equals("false")) {
                throw error(file, fields.get("probe_at_start"), "probe_at_start must be true or false");
            }
            probe = probeText.equals("true");
            if (probe && Validators.NONE.equals(validator)) {
                throw error(file, fields.get("probe_at_start"), "probe_at_start needs a validator other than none");
            }
        }
        Node magicNode = fields.get("magic");
        if (magicNode == null) {
            throw error(file, map, "missing field 'magic'");
        }
        List<byte[]> magics = new ArrayList<>();
        if (magicNode instanceof SequenceNode ms) {
            for (Node m : ms.getValue()) {
                magics.add(hex(file, m));
            }
            if (magics.isEmpty()) {
                throw error(file, magicNode, "magic list is empty");
            }
        } else {
            magics.add(hex(file, magicNode));
        }
        return new Signature(format, magics, offset, validator, description, probe, where(file, map));
    }

    private static String scalar(Path file, MappingNode map, Map<String, Node> fields, String key, boolean required) {
        Node v = fields.get(key);
        if (v == null) {
            if (required) {
                throw error(file, map, "missing field '" + key + "'");
            }
            return null;
        }
        if (!(v instanceof ScalarNode s)) {
            throw error(file, v, "field '" + key + "' must be a single value");
        }
        if (required && s.getValue().isBlank()) {
            throw error(file, v, "field '" + key + "' is empty");
        }
        return s.getValue().trim();
    }

    private static byte[] hex(Path file, Node n) {
        if (!(n instanceof ScalarNode s)) {
            throw error(file, n, "magic must be a hex string or a list of hex strings");
        }
        String h = s.getValue().replace(" ", "").replace(":", "");
        if (h.startsWith("0x") || h.startsWith("0X")) {
            h = h.substring(2);
        }
        if (h.isEmpty() || h.length() % 2 != 0 || h.length() / 2 > MAX_MAGIC || !h.matches("[0-9a-fA-F]+")) {
            throw error(file, n, "bad hex magic '" + s.getValue() + "' (even number of hex digits, 1.." + MAX_MAGIC
                    + " bytes)");
        }
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    private static IllegalArgumentException error(Path file, Node n, String what) {
        return new IllegalArgumentException(where(file, n) + ": " + what);
    }

    private static String where(Path file, Node n) {
        Mark m = n.getStartMark();
        return file + ":" + (m == null ? "?" : Integer.toString(m.getLine() + 1));
    }
}
