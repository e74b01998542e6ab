package io.packwatch.endpoint.sigma;

import io.packwatch.decode.CidrSet;
import io.packwatch.endpoint.EndpointAlert;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads one Sigma rule file and compiles it. Every mistake is an {@link IllegalArgumentException}
 * whose message starts with {@code file:line:} and says what is wrong.
 */
final class SigmaRuleLoader {
    static final Set<String> LEVELS = Set.of("informational", "low", "medium", "high", "critical");
    private static final Set<String> MATCH_MODIFIERS = Set.of("contains", "startswith", "endswith");
    private static final Set<String> KNOWN = new TreeSet<>(List.of("contains", "startswith", "endswith", "all", "re",
            "i", "m", "s", "cidr", "windash", "exists", "expand", "cased", "lt", "lte", "gt", "gte"));
    private static final Set<String> UNSUPPORTED = Set.of("base64", "base64offset", "utf16le", "utf16be", "utf16",
            "wide", "neq", "fieldref", "minute", "hour", "day", "week", "month", "year");

    private final Path file;
    private final FieldSlots slots;
    private final Map<String, List<String>> placeholders;
    /** Value node → its key node, so errors about a whole section point at the section's key line. */
    private final Map<Node, Node> keyOf = new java.util.IdentityHashMap<>();

    private SigmaRuleLoader(Path file, FieldSlots slots, Map<String, List<String>> placeholders) {
        this.file = file;
        this.slots = slots;
        this.placeholders = placeholders;
    }

    /**
     * @param placeholders values of {@code %name%} placeholders for the {@code expand} modifier
     */
    static SigmaRule load(Path file, FieldSlots slots, Map<String, List<String>> placeholders) {
        return new SigmaRuleLoader(file, slots, placeholders).read();
    }

    private SigmaRule read() {
        List<Node> docs = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(10);
            for (Node n : new Yaml(new SafeConstructor(options)).composeAll(r)) {
                docs.add(n);
            }
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            Mark context = e.getContextMark();
            String where = context != null && m != null && context.getLine() < m.getLine() && e.getContext() != null
                    ? " (" + e.getContext() + " at line " + (context.getLine() + 1) + ")" : "";
            throw new IllegalArgumentException(file + ":" + (m == null ? "?" : m.getLine() + 1) + ": not valid YAML: "
                    + e.getProblem() + where);
        } catch (YAMLException e) {
            throw new IllegalArgumentException(file + ": not valid YAML: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Sigma rule " + file, e);
        }
        if (docs.isEmpty()) {
            throw new IllegalArgumentException(file + ":1: empty rule file");
        }
        if (docs.size() > 1) {
            throw error(docs.get(1), "multi-document rule collections are not supported; put one rule per file");
        }
        if (!(docs.get(0) instanceof MappingNode root)) {
            throw error(docs.get(0), "a Sigma rule is a mapping (title:, logsource:, detection:, ...)");
        }
        Map<String, Node> top = mapping(root);
        for (String unsupported : List.of("correlation", "action", "filter")) {
            if (top.containsKey(unsupported)) {
                throw error(top.get(unsupported), "'" + unsupported + ":' (Sigma "
                        + (unsupported.equals("action") ? "rule collections" : unsupported + " rules")
                        + ") is not supported; only single-event detection rules are");
            }
        }
        String title = text(top, root, "title", true);
        String id = text(top, root, "id", false);
        if (id == null) {
            id = title;
        }
        String status = text(top, root, "status", false);
        String level = text(top, root, "level", false);
        if (level == null) {
            level = "medium";
        } else {
            level = level.toLowerCase(Locale.ROOT);
            if (!LEVELS.contains(level)) {
                throw error(top.get("level"), "level must be one of informational, low, medium, high, critical; got '"
                        + level + "'");
            }
        }
        List<String> tags = top.containsKey("tags") ? strings(top.get("tags"), "tags") : List.of();
        Node logsourceNode = require(top, root, "logsource");
        if (!(logsourceNode instanceof MappingNode ls)) {
            throw error(logsourceNode, "logsource must be a mapping (product:, category:, service:)");
        }
        Map<String, Node> logsource = mapping(ls);
        String product = lower(text(logsource, ls, "product", false));
        String category = lower(text(logsource, ls, "category", false));
        String service = lower(text(logsource, ls, "service", false));
        Node detectionNode = require(top, root, "detection");
        if (!(detectionNode instanceof MappingNode det)) {
            throw error(detectionNode, "detection must be a mapping of search identifiers and a condition");
        }
        Condition condition = detection(det);
        return new SigmaRule(id, title, status, level, tags, EndpointAlert.techniquesOf(tags), product, category,
                service, condition, where(root));
    }

    private Condition detection(MappingNode det) {
        Map<String, Node> entries = mapping(det);
        Node conditionNode = entries.remove("condition");
        if (conditionNode == null) {
            throw error(det, "detection has no condition");
        }
        if (entries.containsKey("timeframe")) {
            throw error(entries.get("timeframe"), "timeframe is not supported (it needs a correlation across events)");
        }
        if (entries.isEmpty()) {
            throw error(det, "detection has no search identifiers");
        }
        Map<String, Condition.Selection> selections = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : entries.entrySet()) {
            selections.put(e.getKey(), selection(e.getKey(), e.getValue()));
        }
        List<String> conditions;
        if (conditionNode instanceof SequenceNode) {
            conditions = strings(conditionNode, "condition");
        } else if (conditionNode instanceof ScalarNode s) {
            conditions = List.of(s.getValue());
        } else {
            throw error(conditionNode, "condition must be a string or a list of strings");
        }
        List<Condition> parsed = new ArrayList<>();
        for (String c : conditions) {
            try {
                parsed.add(ConditionParser.parse(c, selections));
            } catch (IllegalArgumentException ex) {
                throw error(conditionNode, ex.getMessage());
            }
        }
        return parsed.size() == 1 ? parsed.get(0) : new Condition.Or(parsed);
    }

    /** A search identifier: a map (AND of fields), a list of maps (OR), or a list of keywords. */
    private Condition.Selection selection(String name, Node node) {
        List<List<FieldTest>> groups = new ArrayList<>();
        if (node instanceof MappingNode map) {
            groups.add(group(map));
        } else if (node instanceof SequenceNode seq) {
            List<Node> keywords = new ArrayList<>();
            for (Node item : seq.getValue()) {
                if (item instanceof MappingNode m) {
                    groups.add(group(m));
                } else if (item instanceof ScalarNode) {
                    keywords.add(item);
                } else {
                    throw error(item, "search identifier '" + name + "': list items must be maps or keyword strings");
                }
            }
            if (!keywords.isEmpty()) {
                groups.add(List.of(fieldTest(FieldTest.RAW, "", List.of(), keywords, seq)));
            }
        } else if (node instanceof ScalarNode s && s.getTag() != Tag.NULL) {
            groups.add(List.of(fieldTest(FieldTest.RAW, "", List.of(), List.of(node), node)));
        } else {
            throw error(node, "search identifier '" + name + "' must be a map, a list of maps, or a list of keywords");
        }
        if (groups.isEmpty()) {
            throw error(node, "search identifier '" + name + "' is empty");
        }
        return new Condition.Selection(name, groups);
    }

    private List<FieldTest> group(MappingNode map) {
        List<FieldTest> tests = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw error(t.getKeyNode(), "field names must be plain strings");
            }
            if (!seen.add(k.getValue())) {
                throw error(k, "field '" + k.getValue() + "' given twice in one map; use a second selection");
            }
            String[] parts = k.getValue().split("\\|", -1);
            String field = parts[0].trim();
            List<String> modifiers = new ArrayList<>();
            for (int i = 1; i < parts.length; i++) {
                modifiers.add(parts[i].trim().toLowerCase(Locale.ROOT));
            }
            Node v = t.getValueNode();
            List<Node> values;
            if (v instanceof SequenceNode s) {
                values = s.getValue();
            } else if (v instanceof ScalarNode) {
                values = List.of(v);
            } else {
                throw error(v, "value of '" + k.getValue() + "' must be a value or a list of values, not a map");
            }
            int slot = field.isEmpty() ? FieldTest.RAW : slots.field(field);
            tests.add(fieldTest(slot, k.getValue(), modifiers, values, k));
        }
        if (tests.isEmpty()) {
            throw error(map, "empty map in a search identifier");
        }
        return tests;
    }

    private FieldTest fieldTest(int slot, String key, List<String> modifiers, List<Node> values, Node at) {
        for (String m : modifiers) {
            if (UNSUPPORTED.contains(m)) {
                throw error(at, "modifier '" + m + "' is not supported by packwatch (supported: " + KNOWN + ")");
            }
            if (!KNOWN.contains(m)) {
                throw error(at, "unknown modifier '" + m + "' in '" + key + "' (supported: " + KNOWN + ")");
            }
        }
        Set<String> mods = new HashSet<>(modifiers);
        if (mods.size() != modifiers.size()) {
            throw error(at, "a modifier is repeated in '" + key + "'");
        }
        long matchKinds = modifiers.stream().filter(MATCH_MODIFIERS::contains).count();
        if (matchKinds > 1) {
            throw error(at, "'" + key + "' combines contains, startswith and endswith; use one");
        }
        boolean re = mods.contains("re");
        for (String flag : List.of("i", "m", "s")) {
            if (mods.contains(flag) && !re) {
                throw error(at, "modifier '" + flag + "' only qualifies 're'");
            }
        }
        String typed = mods.contains("cidr") ? "cidr" : re ? "re" : mods.contains("exists") ? "exists"
                : mods.stream().filter(m -> m.startsWith("lt") || m.startsWith("gt")).findFirst().orElse(null);
        if (typed != null && (matchKinds > 0 || mods.contains("windash")
                || modifiers.stream().filter(m -> m.equals("cidr") || m.equals("re") || m.equals("exists")
                        || m.startsWith("lt") || m.startsWith("gt")).count() > 1)) {
            throw error(at, "'" + key + "': '" + typed + "' cannot be combined with other matching modifiers");
        }
        if (slot == FieldTest.RAW && ("exists".equals(typed) || "cidr".equals(typed))) {
            throw error(at, "'" + typed + "' needs a field name");
        }
        if ("exists".equals(typed)) {
            String b = values.size() == 1 && values.get(0) instanceof ScalarNode s ? s.getValue() : "";
            if (!b.equals("true") && !b.equals("false")) {
                throw error(at, "'" + key + "' takes true or false");
            }
            return FieldTest.exists(slot, b.equals("true"));
        }
        boolean all = mods.contains("all");
        boolean absent = false;
        List<ValueTest> tests = new ArrayList<>();
        for (Node vn : values) {
            if (!(vn instanceof ScalarNode sn)) {
                throw error(vn, "values of '" + key + "' must be plain values");
            }
            if (sn.getTag() == Tag.NULL) {
                if (all || typed != null || slot == FieldTest.RAW) {
                    throw error(vn, "null only works as a plain field value (the field is missing)");
                }
                absent = true;
                continue;
            }
            List<String> texts = mods.contains("expand") ? expand(sn.getValue(), vn) : List.of(sn.getValue());
            for (String text : texts) {
                compileValue(text, modifiers, typed, slot, vn, tests);
            }
        }
        return FieldTest.values(slot, tests.toArray(ValueTest[]::new), all, absent);
    }

    private void compileValue(String text, List<String> modifiers, String typed, int slot, Node at,
                              List<ValueTest> out) {
        Set<String> mods = Set.copyOf(modifiers);
        if ("re".equals(typed)) {
            int flags = (mods.contains("i") ? Pattern.CASE_INSENSITIVE : 0)
                    | (mods.contains("m") ? Pattern.MULTILINE : 0) | (mods.contains("s") ? Pattern.DOTALL : 0);
            try {
                out.add(new ValueTest.Regex(Pattern.compile(text, flags), slots.regex()));
            } catch (PatternSyntaxException e) {
                throw error(at, "bad regular expression '" + text + "': " + e.getDescription() + " near index "
                        + e.getIndex());
            }
            return;
        }
        if ("cidr".equals(typed)) {
            try {
                out.add(new ValueTest.Cidr(CidrSet.parse(List.of(text))));
            } catch (IllegalArgumentException e) {
                throw error(at, "bad network '" + text + "' for cidr: " + e.getMessage());
            }
            return;
        }
        if (typed != null) {
            double bound = ValueTest.Compare.number(text.trim());
            if (Double.isNaN(bound)) {
                throw error(at, "'" + typed + "' needs a number, got '" + text + "'");
            }
            out.add(new ValueTest.Compare(typed, bound));
            return;
        }
        SigmaPattern p = SigmaPattern.parse(text);
        boolean keyword = slot == FieldTest.RAW;
        if (mods.contains("contains") || keyword && !mods.contains("startswith") && !mods.contains("endswith")) {
            p = p.contains();
        } else if (mods.contains("startswith")) {
            p = p.endsWithAny();
        } else if (mods.contains("endswith")) {
            p = p.startsWithAny();
        }
        List<SigmaPattern> variants;
        try {
            variants = mods.contains("windash") ? p.windash() : List.of(p);
        } catch (IllegalArgumentException e) {
            throw error(at, e.getMessage());
        }
        boolean cased = mods.contains("cased");
        for (SigmaPattern v : variants) {
            out.add(v.compile(cased));
        }
    }

    /** The {@code expand} modifier: every {@code %name%} replaced by each of its configured values. */
    private List<String> expand(String text, Node at) {
        List<StringBuilder> results = new ArrayList<>();
        results.add(new StringBuilder());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '%') {
                results.forEach(sb -> sb.append('%'));
                i += 2;
                continue;
            }
            int close = c == '%' ? text.indexOf('%', i + 1) : -1;
            if (close < 0) {
                char ch = c;
                results.forEach(sb -> sb.append(ch));
                i++;
                continue;
            }
            String name = text.substring(i + 1, close);
            List<String> values = placeholders.get(name);
            if (values == null) {
                throw error(at, "unknown placeholder '%" + name + "%' (configured: "
                        + new TreeSet<>(placeholders.keySet()) + "; see the analytics.* config keys)");
            }
            if ((long) results.size() * values.size() > SigmaPattern.MAX_VARIANTS) {
                throw error(at, "placeholders expand to more than " + SigmaPattern.MAX_VARIANTS + " values");
            }
            List<StringBuilder> next = new ArrayList<>();
            for (StringBuilder sb : results) {
                for (String v : values) {
                    next.add(new StringBuilder(sb).append(v));
                }
            }
            results = next;
            i = close + 1;
        }
        return results.stream().map(StringBuilder::toString).toList();
    }

    private Map<String, Node> mapping(MappingNode map) {
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw error(t.getKeyNode(), "keys must be plain names");
            }
            if (out.put(k.getValue(), t.getValueNode()) != null) {
                throw error(k, "'" + k.getValue() + "' given twice");
            }
            keyOf.put(t.getValueNode(), k);
        }
        return out;
    }

    private Node require(Map<String, Node> fields, Node parent, String key) {
        Node n = fields.get(key);
        if (n == null) {
            throw error(parent, "missing '" + key + ":'");
        }
        return n;
    }

    private String text(Map<String, Node> fields, Node parent, String key, boolean required) {
        Node n = required ? require(fields, parent, key) : fields.get(key);
        if (n == null) {
            return null;
        }
        if (!(n instanceof ScalarNode s) || s.getTag() == Tag.NULL) {
            throw error(n, "'" + key + "' must be a single value");
        }
        if (s.getValue().isBlank()) {
            throw error(n, "'" + key + "' is empty");
        }
        return s.getValue().trim();
    }

    private List<String> strings(Node n, String what) {
        if (!(n instanceof SequenceNode seq)) {
            throw error(n, what + " must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            if (!(item instanceof ScalarNode s)) {
                throw error(item, what + " must be a list of strings");
            }
            out.add(s.getValue());
        }
        return out;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private IllegalArgumentException error(Node n, String what) {
        return new IllegalArgumentException(where(n) + ": " + what);
    }

    private String where(Node n) {
        Mark m = keyOf.getOrDefault(n, n).getStartMark();
        return file + ":" + (m == null ? "?" : Integer.toString(m.getLine() + 1));
    }
}
