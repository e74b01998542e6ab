package io.packwatch.endpoint.parse;

import java.util.ArrayList;
import java.util.List;

/** What the syslog header said; reused from message to message. Absent parts are null / -1 / {@link Times#NONE}. */
final class SyslogHeader {
    int priority = -1;
    /** 1 for RFC 5424, 0 for BSD syslog (RFC 3164 and the forms collectors write to files). */
    int version;
    long timeNanos = Times.NONE;
    String hostname;
    String appName;
    String procId;
    String msgId;
    /** RFC 5424 structured data as (SD-ID, name, value) triples. */
    final List<String> structuredData = new ArrayList<>();
    /** Where the message (the payload after the header) starts. */
    int msgStart;

    void clear() {
        priority = -1;
        version = 0;
        timeNanos = Times.NONE;
        hostname = null;
        appName = null;
        procId = null;
        msgId = null;
        structuredData.clear();
        msgStart = 0;
    }

    /** The parts later events need once the message is gone (auditd joins records across messages). */
    SyslogHeader copy() {
        SyslogHeader h = new SyslogHeader();
        h.priority = priority;
        h.version = version;
        h.timeNanos = timeNanos;
        h.hostname = hostname;
        h.appName = appName;
        h.procId = procId;
        h.msgId = msgId;
        h.structuredData.addAll(structuredData);
        return h;
    }
}
