package io.packwatch.capture;

import java.io.IOException;

/** A capture that cannot start; the message says what happened and what to do about it. */
public final class CaptureException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String reason;

    public CaptureException(String message) {
        super(message);
        this.reason = message;
    }

    public CaptureException(String message, Throwable cause) {
        super(message, cause);
        this.reason = message;
    }

    private CaptureException(String reason, String advice) {
        super(reason + advice);
        this.reason = reason;
    }

    /**
     * A failure whose message ends in {@code advice} that may differ from one attempt to the next while the
     * failure stays the same (the interfaces present on a host where containers come and go).
     */
    static CaptureException withAdvice(String reason, String advice) {
        return new CaptureException(reason, advice);
    }

    /** The message without its advice: the same failure has the same reason. */
    public String reason() {
        return reason;
    }
}
