package io.packwatch.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads {@code sensor.yaml}: nested mappings become dotted keys, every key and value is checked
 * against the schema, and errors name the file, line and key.
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /**
     * Builds the effective settings.
     *
     * @param file the config file, or null for defaults only
     * @param overrides {@code key=value} strings from {@code --set}, applied last
     */
    public static Settings load(Path file, List<String> overrides) {
        Settings.Builder b = new Settings.Builder();
        String source = "built-in defaults";
        if (file != null) {
            readFile(file, b);
            source = file.toString();
        }
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("--set " + o + ": expected key=value, e.g. --set flow.max_flows=200000");
            }
            b.set(o.substring(0, eq).trim(), o.substring(eq + 1), "--set " + o);
        }
        return b.build(overrides.isEmpty() ? source : source + " with --set overrides");
    }

    private static void readFile(Path file, Settings.Builder b) {
        Node root;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            root = new Yaml(options).compose(r);
        } catch (MarkedYAMLException e) {
            throw new ConfigException(file + ": not valid YAML at line " + (e.getProblemMark().getLine() + 1) + ": "
                    + e.getProblem());
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read config file: " + e.getMessage()
                    + "; pass an existing file with --config");
        } catch (RuntimeException e) {
            throw new ConfigException(file + ": not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            return;
        }
        if (!(root instanceof MappingNode)) {
            throw new ConfigException(file + ": the top level must be a mapping of sections (sensor:, capture:, ...)");
        }
        walk((MappingNode) root, "", file, b);
    }

    private static void walk(MappingNode map, String prefix, Path file, Settings.Builder b) {
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode keyNode)) {
                throw new ConfigException(where(file, t.getKeyNode()) + ": keys must be plain names");
            }
            String key = prefix + keyNode.getValue();
            Node value = t.getValueNode();
            if (value instanceof MappingNode m) {
                walk(m, key + ".", file, b);
            } else if (value instanceof SequenceNode seq) {
                List<String> items = new ArrayList<>();
                for (Node item : seq.getValue()) {
                    if (!(item instanceof ScalarNode s)) {
                        throw new ConfigException(where(file, item) + ": " + key + " must be a list of plain values");
                    }
                    items.add(s.getValue());
                }
                b.set(key, items, where(file, keyNode));
            } else {
                b.set(key, ((ScalarNode) value).getValue(), where(file, keyNode));
            }
        }
    }

    private static String where(Path file, Node node) {
        return file + ":" + (node.getStartMark().getLine() + 1);
    }

    /**
     * The config file used when {@code --config} is not given: {@code $PACKWATCH_CONFIG}, then
     * {@code config/sensor.yaml} under the working directory, then under the install root.
     */
    public static Path defaultFile() {
        String env = System.getenv("PACKWATCH_CONFIG");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        Path local = Path.of("config", "sensor.yaml");
        if (Files.isRegularFile(local)) {
            return local;
        }
        Path home = Install.home();
        if (home != null) {
            Path installed = home.resolve("config").resolve("sensor.yaml");
            if (Files.isRegularFile(installed)) {
                return installed;
            }
        }
        return null;
    }
}
