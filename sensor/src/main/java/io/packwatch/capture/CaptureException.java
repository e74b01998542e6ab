package io.packwatch.capture;

import java.io.IOException;

/** A capture that cannot start; the message says what happened and what to do about it. */
public final class CaptureException extends IOException {
    private static final long serialVersionUID = 1L;

    public CaptureException(String message) {
        super(message);
    }

    public CaptureException(String message, Throwable cause) {
        super(message, cause);
    }
}
