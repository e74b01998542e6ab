package io.packwatch.output.siem;

import java.util.Locale;

/** The message formats a target can receive ({@code siem.format}). */
public enum SiemFormat {
    RFC5424, CEF, LEEF, JSON;

    public static SiemFormat parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown SIEM format '" + s + "' (known: rfc5424, cef, leef, json)");
        }
    }
}
