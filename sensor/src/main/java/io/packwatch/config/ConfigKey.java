package io.packwatch.config;

import io.packwatch.decode.CidrSet;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** One config key: its dotted name, type, default (as written in YAML) and what it does. */
public record ConfigKey(String name, Type type, Object defaultValue, List<String> choices, String doc) {

    /** The kinds of value a key can hold, each with its parser. */
    public enum Type {
        STRING, INT, AUTO_OR_INT, BOOL, SIZE, DURATION, CHOICE, CIDRS, STRINGS, PORTS
    }

    public static ConfigKey of(String name, Type type, Object defaultValue, String doc) {
        return new ConfigKey(name, type, defaultValue, List.of(), doc);
    }

    public static ConfigKey choice(String name, String defaultValue, String doc, String... choices) {
        return new ConfigKey(name, Type.CHOICE, defaultValue, Arrays.asList(choices), doc);
    }

    /**
     * Turns a value as written (a string, or a list of strings) into the key's Java value:
     * String, Integer, Boolean, Long (bytes or nanoseconds), or List of String (networks, strings, ports).
     */
    public Object parse(Object raw) {
        if (type == Type.CIDRS || type == Type.STRINGS || type == Type.PORTS) {
            List<String> list = raw instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                    : splitList(String.valueOf(raw));
            if (type == Type.CIDRS) {
                CidrSet.parse(list);
            } else if (type == Type.PORTS) {
                list.forEach(ConfigKey::port);
            }
            return list;
        }
        if (raw instanceof List<?>) {
            throw new IllegalArgumentException("expected a single value, got a list");
        }
        String s = String.valueOf(raw).trim();
        switch (type) {
            case STRING:
                return s;
            case INT:
                try {
                    int v = Integer.parseInt(s.replace("_", ""));
                    if (v < 0) {
                        throw new IllegalArgumentException("must not be negative, got " + v);
                    }
                    return v;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("expected a whole number, got '" + s + "'");
                }
            case AUTO_OR_INT:
                if (s.equalsIgnoreCase("auto")) {
                    return "auto";
                }
                try {
                    int n = Integer.parseInt(s);
                    if (n < 0 || n > 64) {
                        throw new IllegalArgumentException("expected auto or 0 to 64, got " + n);
                    }
                    return Integer.toString(n);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("expected auto or a whole number, got '" + s + "'");
                }
            case BOOL:
                switch (s.toLowerCase(Locale.ROOT)) {
                    case "true": case "yes": case "on":
                        return true;
                    case "false": case "no": case "off":
                        return false;
                    default:
                        throw new IllegalArgumentException("expected true or false, got '" + s + "'");
                }
            case SIZE:
                return Units.parseSize(s);
            case DURATION:
                return Units.parseDuration(s);
            case CHOICE:
                String v = s.toLowerCase(Locale.ROOT);
                if (!choices.contains(v)) {
                    throw new IllegalArgumentException("expected one of " + String.join(", ", choices) + ", got '" + s + "'");
                }
                return v;
            default:
                throw new AssertionError(type);
        }
    }

    /** A TCP or UDP port, 1 to 65535. */
    static int port(String s) {
        try {
            int p = Integer.parseInt(s.trim());
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("expected ports from 1 to 65535, got '" + s + "'");
    }

    private static List<String> splitList(String s) {
        String t = s.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        return t.isBlank() ? List.of() : Arrays.stream(t.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }
}
