package io.packwatch.correlate;

import io.packwatch.config.Settings;
import java.util.List;

/**
 * Correlation settings ({@code correlate.*}).
 *
 * @param beforeNanos how long before an upload endpoint evidence still counts (the archive is built first)
 * @param afterNanos how long after the last upload evidence may still arrive (clocks differ, logs lag);
 *     an episode's alert is emitted once this has passed in packet time
 * @param allowProcesses endpoint processes whose evidence is ignored (executable path or file name)
 * @param allowUsers endpoint users whose evidence is ignored
 * @param maxEpisodes open episodes at once; beyond it the oldest is closed early (counted)
 * @param maxEvidence endpoint evidence held for joining; beyond it the oldest is forgotten (counted)
 * @param maxObjectsListed objects listed in one alert; the rest are counted in it
 */
public record CorrelationConfig(long beforeNanos, long afterNanos, List<String> allowProcesses, List<String> allowUsers,
                                int maxEpisodes, int maxEvidence, int maxObjectsListed) {

    public static CorrelationConfig from(Settings s) {
        return new CorrelationConfig(s.nanos("correlate.window_before"), s.nanos("correlate.window_after"),
                s.strings("correlate.allow_processes"), s.strings("correlate.allow_users"),
                s.integer("correlate.max_episodes"), s.integer("correlate.max_evidence"),
                s.integer("correlate.max_objects_listed"));
    }
}
