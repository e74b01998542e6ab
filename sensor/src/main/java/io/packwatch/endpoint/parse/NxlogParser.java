package io.packwatch.endpoint.parse;

import io.packwatch.endpoint.Ecs;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;

/**
 * NXLog's {@code im_msvistalog} events written with {@code to_json()}: the event data's names are top-level
 * keys beside NXLog's own ({@code EventTime}, {@code Hostname}, {@code SourceName}, {@code EventID}, ...).
 */
final class NxlogParser {
    /** NXLog's own keys, not event data. */
    private static final Set<String> OWN = Set.of("EventTime", "Hostname", "Keywords", "EventType", "SeverityValue",
            "Severity", "EventID", "SourceName", "ProviderGuid", "Version", "Task", "OpcodeValue", "RecordNumber",
            "ProcessID", "ThreadID", "Channel", "Domain", "AccountName", "UserID", "AccountType", "Category", "Opcode",
            "EventReceivedTime", "SourceModuleName", "SourceModuleType", "Message", "ActivityID", "Level",
            "MessageSourceAddress");
    private final ZoneId zone;

    NxlogParser(ZoneId zone) {
        this.zone = zone;
    }

    static boolean matches(Map<String, Object> o) {
        return o.containsKey("EventID") && (o.containsKey("SourceName") || o.containsKey("SourceModuleType"));
    }

    void parse(Map<String, Object> o, EventBuilder b) {
        String provider = JsonReader.text(o, "SourceName");
        int eid = WindowsEvents.eventId(JsonReader.text(o, "EventID"));
        b.begin();
        b.put(Ecs.HOST_NAME, JsonReader.text(o, "Hostname"));
        b.put("winlog.channel", JsonReader.text(o, "Channel"));
        WindowsEvents.map(provider, eid, o, OWN, b);
        if (!b.has(Ecs.USER_NAME) && "User".equals(JsonReader.text(o, "AccountType"))) {
            b.put(Ecs.USER_NAME, JsonReader.text(o, "AccountName"));
            b.put(Ecs.USER_DOMAIN, JsonReader.text(o, "Domain"));
        }
        long t = WindowsEvents.utcTime(o);
        if (t == Times.NONE) {
            String et = JsonReader.text(o, "EventTime"); // the agent's local time unless it carries an offset
            t = et == null ? Times.NONE : Times.iso(et, 0, et.length(), zone);
        }
        b.emit(t, "windows", WindowsEvents.category(provider, eid), "nxlog");
    }
}
