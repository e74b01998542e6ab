package io.packwatch.inspect;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class WindowQueueTest {
    private static ObjectInspector object() {
        return new ObjectInspector(null, null, 0, null);
    }

    @Test
    void theIdlestIsTheLeastRecentlyWrittenOtherThanTheAsker() {
        WindowQueue q = new WindowQueue();
        ObjectInspector a = object();
        ObjectInspector b = object();
        ObjectInspector c = object();
        assertNull(q.idlestBesides(a), "empty");
        q.touch(a);
        q.touch(b);
        q.touch(c);
        assertSame(a, q.idlestBesides(c));
        assertSame(b, q.idlestBesides(a), "never the asker itself");
        q.touch(a); // written again: now the newest
        assertSame(b, q.idlestBesides(c));
        q.touch(a); // already the newest: nothing moves
        q.remove(b);
        assertFalse(b.queued);
        assertSame(c, q.idlestBesides(a));
        q.remove(b); // not queued: nothing happens
        q.remove(c);
        assertNull(q.idlestBesides(a), "only the asker is left");
        q.remove(a);
        assertNull(q.idlestBesides(object()));
        q.touch(b);
        assertSame(b, q.idlestBesides(a), "the queue works after emptying");
    }
}
