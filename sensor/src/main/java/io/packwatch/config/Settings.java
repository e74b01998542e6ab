package io.packwatch.config;

import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The effective configuration: defaults, then the config file, then {@code --set} overrides,
 * every value checked against {@link ConfigSchema}. Immutable once built.
 */
public final class Settings {
    private final Map<String, Object> values;
    private final String source;

    Settings(Map<String, Object> values, String source) {
        this.values = Map.copyOf(values);
        this.source = source;
    }

    /** Defaults only. */
    public static Settings defaults() {
        return new Builder().build("built-in defaults");
    }

    /** Where the values came from, for the start-up banner. */
    public String source() {
        return source;
    }

    public String string(String key) {
        return (String) get(key);
    }

    public int integer(String key) {
        return (Integer) get(key);
    }

    public boolean bool(String key) {
        return (Boolean) get(key);
    }

    /** A size in bytes. */
    public long bytes(String key) {
        return (Long) get(key);
    }

    /** A duration in nanoseconds. */
    public long nanos(String key) {
        return (Long) get(key);
    }

    @SuppressWarnings("unchecked")
    public List<String> strings(String key) {
        return (List<String>) get(key);
    }

    /** The ports of a {@link ConfigKey.Type#PORTS} key, as a set indexed by port number. */
    public BitSet ports(String key) {
        BitSet set = new BitSet(65536);
        strings(key).forEach(p -> set.set(ConfigKey.port(p)));
        return set;
    }

    private Object get(String key) {
        Object v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no config key " + key);
        }
        return v;
    }

    /** The keys whose values differ in {@code other}, in schema order. */
    public List<String> changedKeys(Settings other) {
        List<String> changed = new java.util.ArrayList<>();
        for (ConfigKey k : ConfigSchema.keys()) {
            if (!values.get(k.name()).equals(other.values.get(k.name()))) {
                changed.add(k.name());
            }
        }
        return changed;
    }

    /** These settings with the values of {@code keys} taken from {@code other} (a reload applying part of a file). */
    public Settings with(Settings other, java.util.Collection<String> keys, String newSource) {
        Map<String, Object> merged = new LinkedHashMap<>(values);
        for (String k : keys) {
            merged.put(k, other.get(k));
        }
        return new Settings(merged, newSource);
    }

    /** Collects values in order; later ones win. */
    public static final class Builder {
        private final Map<String, Object> values = new LinkedHashMap<>();

        public Builder() {
            for (ConfigKey k : ConfigSchema.keys()) {
                values.put(k.name(), k.parse(k.defaultValue()));
            }
        }

        /**
         * Sets {@code key} from a value as written.
         *
         * @param where where the value came from, for the error message
         */
        public Builder set(String key, Object raw, String where) {
            ConfigKey k = ConfigSchema.key(key);
            if (k == null) {
                String hint = ConfigSchema.suggest(key);
                throw new ConfigException(where + ": unknown config key '" + key + "'"
                        + (hint != null ? " (did you mean '" + hint + "'?)" : "")
                        + "; see config/sensor.yaml for every key");
            }
            try {
                values.put(key, k.parse(raw));
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new ConfigException(where + ": bad value for " + key + ": " + e.getMessage());
            }
            return this;
        }

        public Settings build(String source) {
            return new Settings(values, source);
        }
    }
}
