package io.packwatch.output.siem;

import java.util.ArrayList;
import java.util.List;

/** The ordered key/value pairs of one CEF extension or LEEF attribute list; absent values are skipped. */
final class KeyValues {
    final List<String> keys = new ArrayList<>();
    final List<String> values = new ArrayList<>();

    KeyValues add(String key, Object value) {
        if (value != null) {
            keys.add(key);
            values.add(String.valueOf(value));
        }
        return this;
    }

    /** A CEF custom string with its label, e.g. {@code cs1=T1560.002 cs1Label=technique}. */
    KeyValues labelled(String key, String label, Object value) {
        if (value != null) {
            add(key, value);
            add(key + "Label", label);
        }
        return this;
    }
}
