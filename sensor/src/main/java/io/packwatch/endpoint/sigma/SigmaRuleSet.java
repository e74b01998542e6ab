package io.packwatch.endpoint.sigma;

import io.packwatch.config.ConfigException;
import io.packwatch.config.ConfigKey;
import io.packwatch.config.ConfigSchema;
import io.packwatch.config.Install;
import io.packwatch.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The compiled Sigma rules of a run, indexed by logsource so that an event only meets the rules
 * written for its category and product. Immutable and shared; each thread evaluates through its
 * own {@link SigmaEngine}.
 */
public final class SigmaRuleSet {
    /** Config keys under this prefix that hold lists are the rules' {@code %placeholders%}. */
    public static final String PLACEHOLDER_PREFIX = "analytics.";
    private static final String OTHER = "\u0000other";
    private static final SigmaRule[] NONE = new SigmaRule[0];

    private final List<SigmaRule> rules;
    private final FieldSlots slots;
    /** category → product → rules; OTHER stands for a value no rule names. */
    private final Map<String, Map<String, SigmaRule[]>> index = new HashMap<>();

    private SigmaRuleSet(List<SigmaRule> rules, FieldSlots slots) {
        this.rules = List.copyOf(rules);
        this.slots = slots;
        Set<String> categories = new LinkedHashSet<>();
        Set<String> products = new LinkedHashSet<>();
        categories.add(OTHER);
        products.add(OTHER);
        for (SigmaRule r : rules) {
            if (r.category() != null) {
                categories.add(r.category());
            }
            if (r.product() != null) {
                products.add(r.product());
            }
        }
        for (String c : categories) {
            Map<String, SigmaRule[]> byProduct = new HashMap<>();
            for (String p : products) {
                byProduct.put(p, rules.stream()
                        .filter(r -> (r.category() == null || r.category().equals(c))
                                && (r.product() == null || r.product().equals(p)))
                        .toArray(SigmaRule[]::new));
            }
            index.put(c, byProduct);
        }
    }

    /**
     * Loads every {@code *.yml} and {@code *.yaml} file under each directory (recursively, in name order).
     *
     * @param placeholders values for {@code %name%} placeholders (the {@code expand} modifier)
     * @throws IllegalArgumentException naming file and line when a rule does not load, or an id repeats
     */
    public static SigmaRuleSet load(List<Path> dirs, Map<String, List<String>> placeholders) {
        FieldSlots slots = new FieldSlots();
        List<SigmaRule> rules = new ArrayList<>();
        Map<String, String> ids = new HashMap<>();
        for (Path dir : dirs) {
            for (Path f : ruleFiles(dir)) {
                SigmaRule r = SigmaRuleLoader.load(f, slots, placeholders);
                String prev = ids.putIfAbsent(r.id(), r.origin());
                if (prev != null) {
                    throw new IllegalArgumentException(r.origin() + ": rule id " + r.id() + " is already used by "
                            + prev);
                }
                rules.add(r);
            }
        }
        return new SigmaRuleSet(rules, slots);
    }

    /**
     * The rule set the config asks for: the built-in rules ({@code endpoint.sigma.builtin_rules})
     * and the user's ({@code endpoint.sigma.rules}), placeholders from the {@code analytics.*} keys;
     * none when {@code endpoint.sigma.enabled} is false (pre-fired alerts are still recognized).
     *
     * @throws ConfigException naming the rule file and line when a rule does not load
     */
    public static SigmaRuleSet fromSettings(Settings s) {
        if (!s.bool("endpoint.sigma.enabled")) {
            return new SigmaRuleSet(List.of(), new FieldSlots());
        }
        List<Path> dirs = new ArrayList<>();
        for (String key : List.of("endpoint.sigma.builtin_rules", "endpoint.sigma.rules")) {
            String value = s.string(key);
            if (value.isBlank()) {
                continue;
            }
            Path dir = Install.resolve(value);
            if (!Files.isDirectory(dir)) {
                throw new ConfigException(key + ": " + dir + " is not a directory of Sigma rules");
            }
            dirs.add(dir);
        }
        try {
            return load(dirs, placeholders(s));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new ConfigException("Sigma rule: " + e.getMessage());
        }
    }

    /** {@code analytics.<name>} list keys, as placeholder {@code name}. */
    public static Map<String, List<String>> placeholders(Settings s) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (ConfigKey k : ConfigSchema.keys()) {
            if (k.name().startsWith(PLACEHOLDER_PREFIX) && k.type() == ConfigKey.Type.STRINGS) {
                out.put(k.name().substring(PLACEHOLDER_PREFIX.length()), s.strings(k.name()));
            }
        }
        return out;
    }

    private static List<Path> ruleFiles(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> {
                        String n = p.getFileName().toString();
                        return n.endsWith(".yml") || n.endsWith(".yaml");
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Sigma rule directory " + dir, e);
        }
    }

    public List<SigmaRule> rules() {
        return rules;
    }

    /** The rules whose logsource admits an event of this product and category (either may be null). */
    SigmaRule[] rulesFor(String product, String category) {
        Map<String, SigmaRule[]> byProduct = index.get(category == null ? OTHER : category);
        if (byProduct == null) {
            byProduct = index.get(OTHER);
        }
        SigmaRule[] r = byProduct.get(product == null ? OTHER : product);
        if (r == null) {
            r = byProduct.get(OTHER);
        }
        return r == null ? NONE : r;
    }

    EventView newView(long regexBudget) {
        return new EventView(slots, regexBudget);
    }
}
