package io.packwatch.output;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ECS dotted field names ({@code source.ip}, {@code file.hash.sha256}) turned into the nested
 * objects the records carry, and looked up again in either shape.
 */
public final class FieldTree {
    private FieldTree() {
    }

    /**
     * Nests {@code dotted} into a new tree, in first-seen order, recursing into map values (and maps in
     * lists). A name that collides with one already there (a value where an object is, or the same
     * leaf twice) is skipped: the first one wins.
     */
    public static Map<String, Object> nest(Map<String, ?> dotted) {
        Map<String, Object> tree = new LinkedHashMap<>();
        merge(tree, dotted);
        return tree;
    }

    /** Nests {@code dotted} into {@code tree}, which may already hold fields; existing fields win. */
    @SuppressWarnings("unchecked")
    public static void merge(Map<String, Object> tree, Map<String, ?> dotted) {
        for (Map.Entry<String, ?> e : dotted.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                continue;
            }
            String[] path = e.getKey().split("\\.", -1);
            Map<String, Object> node = tree;
            boolean clash = false;
            for (int i = 0; i < path.length - 1 && !clash; i++) {
                Object child = node.computeIfAbsent(path[i], k -> new LinkedHashMap<String, Object>());
                if (child instanceof Map<?, ?> m) {
                    node = (Map<String, Object>) m;
                } else {
                    clash = true;
                }
            }
            String leaf = path[path.length - 1];
            if (clash || node.containsKey(leaf)) {
                continue;
            }
            node.put(leaf, nestValue(e.getValue()));
        }
    }

    private static Object nestValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> dotted = new LinkedHashMap<>();
            m.forEach((k, x) -> dotted.put(String.valueOf(k), x));
            return nest(dotted);
        }
        if (v instanceof List<?> l) {
            return l.stream().map(FieldTree::nestValue).toList();
        }
        return v;
    }

    /** The value at a dotted name in a map that holds dotted names, nested objects or a mix; null if absent. */
    public static Object lookup(Map<?, ?> map, String name) {
        Object direct = map.get(name);
        if (direct != null) {
            return direct;
        }
        int dot = name.indexOf('.');
        while (dot > 0) {
            if (map.get(name.substring(0, dot)) instanceof Map<?, ?> child) {
                Object v = lookup(child, name.substring(dot + 1));
                if (v != null) {
                    return v;
                }
            }
            dot = name.indexOf('.', dot + 1);
        }
        return null;
    }
}
