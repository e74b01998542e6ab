package io.packwatch.output.siem;

/** The {@code siem.*} settings a sender needs, in the units it uses. */
record SiemOptions(int queueSize, int maxMessageBytes, int connectTimeoutMillis, long writeTimeoutNanos,
                   long backoffMinNanos, long backoffMaxNanos, long resendWindowNanos, long flushTimeoutNanos) {
}
