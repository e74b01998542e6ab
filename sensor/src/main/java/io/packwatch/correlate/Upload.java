package io.packwatch.correlate;

import io.packwatch.inspect.Detection;
import io.packwatch.inspect.InspectedObject;
import java.util.List;

/**
 * What an episode keeps of one outbound object (not the object itself, which holds its flow).
 *
 * @param names names the object travelled under: multipart or Content-Disposition file name, the
 *     URI's last path segment
 * @param format best format found, or {@code none}
 * @param layers the format chain, outside in
 * @param networkRule the network-only rule this object raised on its own, or null
 * @param document the document the object is (docx, pdf, png, ...: {@code dlp.document}), or null
 */
record Upload(long timeNanos, long flowId, int srcPort, int dstPort, String networkRule, long size, String format, List<String> layers, String dataClass,
              String protocol, String sha256, String md5, List<String> names, String uri, String host,
              String serverName, boolean truncated, String document) {

    static Upload of(InspectedObject o, int srcPort, int dstPort, NetworkAlert alert) {
        Detection best = o.best();
        var ctx = o.context();
        List<String> names = new java.util.ArrayList<>(2);
        if (ctx.fileName() != null && !ctx.fileName().isEmpty()) {
            names.add(Names.basename(ctx.fileName()));
        }
        String fromUri = Names.uriBasename(ctx.uri());
        if (fromUri != null && !names.contains(fromUri)) {
            names.add(fromUri);
        }
        return new Upload(o.endNanos(), o.flow().id(), srcPort, dstPort, alert == null ? null : alert.ruleId(), o.size(), best == null ? "none" : best.format(),
                best == null ? List.of() : best.layers(), o.dataClass(), o.protocol(), o.sha256(), o.md5(),
                List.copyOf(names), ctx.uri(), ctx.host(), ctx.serverName(), o.truncated(),
                o.document());
    }

    /** True for an archive, compressed or encrypted payload; false for a TLS session counted by volume. */
    boolean carriesData() {
        return !"none".equals(format) || (protocol == null
                && ("compressed".equals(dataClass) || "encrypted".equals(dataClass)));
    }
}
