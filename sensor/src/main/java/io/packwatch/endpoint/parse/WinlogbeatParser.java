package io.packwatch.endpoint.parse;

import io.packwatch.endpoint.Ecs;
import java.time.ZoneOffset;
import java.util.Map;

/** Winlogbeat's JSON: {@code winlog.event_id}, {@code winlog.provider_name}, {@code winlog.event_data}, {@code @timestamp}. */
final class WinlogbeatParser {
    static boolean matches(Map<String, Object> o) {
        return JsonReader.object(o.get("winlog")) != null;
    }

    void parse(Map<String, Object> o, EventBuilder b) {
        Object winlog = o.get("winlog");
        String provider = JsonReader.text(winlog, "provider_name");
        int eid = WindowsEvents.eventId(JsonReader.text(winlog, "event_id"));
        Map<String, Object> data = JsonReader.object(JsonReader.get(winlog, "event_data"));
        b.begin();
        String host = JsonReader.text(o, "host", "name");
        b.put(Ecs.HOST_NAME, host != null ? host : JsonReader.text(winlog, "computer_name"));
        b.put("winlog.channel", JsonReader.text(winlog, "channel"));
        java.util.List<Object> ips = JsonReader.array(JsonReader.get(o.get("host"), "ip"));
        b.put(Ecs.HOST_IP, ips != null && !ips.isEmpty() && ips.get(0) instanceof String ? (String) ips.get(0)
                : JsonReader.text(o, "host", "ip"));
        WindowsEvents.map(provider, eid, data != null ? data : Map.of(), null, b);
        long t = data == null ? Times.NONE : WindowsEvents.utcTime(data);
        if (t == Times.NONE) {
            String ts = JsonReader.text(o, "@timestamp");
            t = ts == null ? Times.NONE : Times.iso(ts, 0, ts.length(), ZoneOffset.UTC);
        }
        b.emit(t, "windows", WindowsEvents.category(provider, eid), "winlogbeat");
    }
}
