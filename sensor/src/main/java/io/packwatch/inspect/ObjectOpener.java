package io.packwatch.inspect;

import io.packwatch.flow.Flow;

/**
 * Where the application layer opens each object it finds (a raw stream direction, an HTTP body or part, a TLS
 * direction). {@link Inspection} inspects them; {@link #NONE} drops them, so that with {@code inspect.enabled}
 * off HTTP and TLS are still parsed and counted.
 */
public interface ObjectOpener {
    ObjectOpener NONE = (flow, direction, context) -> ObjectSink.NONE;

    ObjectSink open(Flow flow, int direction, ObjectContext context);
}
