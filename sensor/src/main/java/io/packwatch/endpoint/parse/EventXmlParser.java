package io.packwatch.endpoint.parse;

import io.packwatch.endpoint.Ecs;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Event XML: Sysmon for Linux ({@code sysmon_linux}) and Windows events forwarded as XML ({@code windows_xml}). */
final class EventXmlParser implements PayloadParser {
    private final EventXml xml;
    private final Map<String, String> system = new HashMap<>();
    private final Map<String, String> data = new LinkedHashMap<>();

    EventXmlParser(ParseConfig config) {
        xml = new EventXml(config.maxDepth(), config.maxFields() * 4);
    }

    @Override
    public String parse(String s, int from, int to, EventBuilder b) {
        system.clear();
        data.clear();
        String error = xml.read(s, from, to, system, data);
        if (error != null) {
            return error;
        }
        String provider = system.get("Provider.Name");
        int eid = WindowsEvents.eventId(system.get("EventID"));
        if (eid < 0) {
            return "no_event_id";
        }
        boolean linux = WindowsEvents.LINUX_SYSMON.equals(provider);
        b.begin();
        b.put(Ecs.HOST_NAME, system.get("Computer"));
        b.put("winlog.channel", system.get("Channel"));
        b.put("winlog.record_id", system.get("EventRecordID"));
        WindowsEvents.map(provider, eid, data, null, b);
        long t = WindowsEvents.utcTime(data);
        if (t == Times.NONE) {
            String created = system.get("TimeCreated.SystemTime");
            t = created == null ? Times.NONE : Times.iso(created, 0, created.length(), ZoneOffset.UTC);
        }
        b.emit(t, linux ? "linux" : "windows", WindowsEvents.category(provider, eid),
                linux ? "sysmon_linux" : "windows_xml");
        return null;
    }
}
