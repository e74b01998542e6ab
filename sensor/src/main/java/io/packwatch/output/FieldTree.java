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
     * lists). The same name twice: the first one wins. A name that would need an object where a value
     * stands keeps its remaining part dotted ({@code "file":{"path":..,"path.extra":..}}).
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
            int depth = 0;
            for (; depth < path.length - 1; depth++) {
                Object child = node.computeIfAbsent(path[depth], k -> new LinkedHashMap<String, Object>());
                if (!(child instanceof Map<?, ?> m)) {
                    break;
                }
                node = (Map<String, Object>) m;
            }
            // A value already stands where an object would go ("a.b" then "a.b.c"): the rest of the
            // name stays dotted under the deepest object, so nothing is lost.
            String leaf = String.join(".", java.util.Arrays.copyOfRange(path, depth, path.length));
            node.putIfAbsent(leaf, nestValue(e.getValue()));
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
