package io.packwatch.flow;

import java.util.Locale;

/** Why a flow's record was written. */
public enum EndReason {
    /** Closed by FIN or RST, then quiet for the closed timeout. */
    CLOSED,
    /** Idle for its state's timeout. */
    TIMEOUT,
    /** Pushed out to make room when the flow table was full. */
    EVICTED,
    /** A new SYN reused the 5-tuple of a finished connection. */
    PORT_REUSE,
    /** The input ended (end of file, or shutdown) with the flow still open. */
    END_OF_INPUT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
