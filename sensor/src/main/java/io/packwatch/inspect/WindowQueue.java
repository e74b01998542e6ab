package io.packwatch.inspect;

/**
 * The objects of one worker that hold window chunks, least recently written first. When the window memcap is
 * full, the idlest of them is judged on what it holds and gives its chunks to the object that needs them: a
 * flood of connections that send a little and then wait (slowloris) cannot keep the uploads after it from being
 * inspected. Links live in the inspectors themselves, so moving one to the back costs a few stores.
 */
final class WindowQueue {
    private ObjectInspector oldest;
    private ObjectInspector newest;

    /** Moves {@code o} to the back, adding it when it is not queued. */
    void touch(ObjectInspector o) {
        if (o == newest) {
            return;
        }
        if (o.queued) {
            remove(o);
        }
        o.older = newest;
        o.newer = null;
        if (newest != null) {
            newest.newer = o;
        } else {
            oldest = o;
        }
        newest = o;
        o.queued = true;
    }

    void remove(ObjectInspector o) {
        if (!o.queued) {
            return;
        }
        if (o.older != null) {
            o.older.newer = o.newer;
        } else {
            oldest = o.newer;
        }
        if (o.newer != null) {
            o.newer.older = o.older;
        } else {
            newest = o.older;
        }
        o.older = null;
        o.newer = null;
        o.queued = false;
    }

    /** The least recently written object other than {@code o}, or null. */
    ObjectInspector idlestBesides(ObjectInspector o) {
        return oldest != o ? oldest : o.newer;
    }
}
