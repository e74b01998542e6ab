package io.packwatch.endpoint.ingest;

import java.util.Locale;

/** How a syslog message reached the sensor; {@link #label} is what handlers and counters see. */
public enum Transport {
    UDP, TCP, TLS, FILE;

    public final String label = name().toLowerCase(Locale.ROOT);
}
