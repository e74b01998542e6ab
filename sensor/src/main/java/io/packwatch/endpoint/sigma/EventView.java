package io.packwatch.endpoint.sigma;

import io.packwatch.endpoint.Ecs;
import io.packwatch.endpoint.EndpointEvent;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The event being evaluated, as the rules see it: each field a rule refers to is looked up and
 * lowercased at most once per event, on first use, and kept in an array slot (stamped with the
 * event's generation, so nothing is cleared between events). One view per thread.
 */
final class EventView {
    private final String[][] candidates;
    private final boolean[] hashes;
    private final String[] original;
    private final String[] lower;
    private final int[] stamp;
    private final Matcher[] matchers;
    private final BudgetedText budgeted;
    private int generation;
    private EndpointEvent event;
    private String rawLower;
    private int rawStamp;

    /**
     * @param regexBudget characters one regex may read in one value before it is stopped
     */
    EventView(FieldSlots slots, long regexBudget) {
        budgeted = new BudgetedText(regexBudget);
        candidates = slots.candidateTable();
        int n = candidates.length;
        hashes = new boolean[n];
        for (int i = 0; i < n; i++) {
            hashes[i] = slots.name(i).equals(FieldMapping.HASHES);
        }
        original = new String[n];
        lower = new String[n];
        stamp = new int[n];
        matchers = new Matcher[slots.regexCount()];
    }

    void reset(EndpointEvent e) {
        event = e;
        if (++generation == 0) {
            java.util.Arrays.fill(stamp, -1);
            rawStamp = -1;
        }
    }

    EndpointEvent event() {
        return event;
    }

    /** The field's value as received, or null when the event lacks it. */
    String original(int slot) {
        load(slot);
        return original[slot];
    }

    /** The field's value lowercased (Locale.ROOT), or null when the event lacks it. */
    String lower(int slot) {
        load(slot);
        return lower[slot];
    }

    /** The whole message, lowercased, for keyword selections. */
    String rawLower() {
        if (rawStamp != generation) {
            String raw = event.raw();
            rawLower = raw == null ? "" : raw.toLowerCase(Locale.ROOT);
            rawStamp = generation;
        }
        return rawLower;
    }

    String rawOriginal() {
        String raw = event.raw();
        return raw == null ? "" : raw;
    }

    /**
     * A matcher for regex number {@code id} over {@code input}, reused across events. The input is
     * budgeted: a search that reads too much throws {@link BudgetedText#EXCEEDED}.
     */
    Matcher matcher(int id, Pattern p, String input) {
        Matcher m = matchers[id];
        if (m == null) {
            m = p.matcher(budgeted.reset(input));
            matchers[id] = m;
            return m;
        }
        return m.reset(budgeted.reset(input));
    }

    private void load(int slot) {
        if (stamp[slot] == generation) {
            return;
        }
        Map<String, String> fields = event.fields();
        String v = null;
        for (String name : candidates[slot]) {
            v = fields.get(name);
            if (v != null) {
                break;
            }
        }
        if (v == null && hashes[slot]) {
            v = sysmonHashes(fields);
        }
        original[slot] = v;
        lower[slot] = v == null ? null : v.toLowerCase(Locale.ROOT);
        stamp[slot] = generation;
    }

    /** Sysmon's {@code SHA1=..,MD5=..,SHA256=..} text from the ECS hash fields, or null without any. */
    private static String sysmonHashes(Map<String, String> fields) {
        StringBuilder sb = null;
        String[][] parts = {{"SHA1", Ecs.FILE_HASH_SHA1}, {"MD5", Ecs.FILE_HASH_MD5}, {"SHA256", Ecs.FILE_HASH_SHA256}};
        for (String[] p : parts) {
            String h = fields.get(p[1]);
            if (h != null) {
                sb = sb == null ? new StringBuilder() : sb.append(',');
                sb.append(p[0]).append('=').append(h.toUpperCase(Locale.ROOT));
            }
        }
        return sb == null ? null : sb.toString();
    }
}
