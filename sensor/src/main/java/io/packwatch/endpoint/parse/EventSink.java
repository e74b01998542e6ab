package io.packwatch.endpoint.parse;

import io.packwatch.endpoint.EndpointEvent;

/** Where parsed events go. One message may yield none (an auditd record still being joined), one, or several. */
@FunctionalInterface
public interface EventSink {
    void accept(EndpointEvent event);
}
