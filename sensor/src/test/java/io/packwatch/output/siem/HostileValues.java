package io.packwatch.output.siem;

import java.util.List;

/** Values from the wire and syslog that break one output format or another, for the hostile-input tests. */
public final class HostileValues {
    private HostileValues() {
    }

    public static final List<String> VALUES = List.of("cr\rlf\nend", "nul\0x", "pipe|x", "eq=x", "back\\slash\\", "tab\tx",
            "<13>1 2026-01-01T00:00:00Z fake app - - - injected", "a>b", "sd]x\"y", "\uFEFFbom", "ls\u2028ps\u2029x",
            "\u001B[31mred\u001B[0m", "lone\uD800high\uDC00low", "replacement\uFFFD", "emoji\uD83D\uDE00",
            "x".repeat(100_000), "|=\\\"]\r\n\t".repeat(3000), "bad utf-8 \u00C3\u0028 as decoded: \uFFFD(");
}
