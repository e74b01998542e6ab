package io.packwatch.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Secondary JMH result {@code <benchmark>:packets}: packets processed, reported as packets per second. */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class PacketCount {
    public long packets;

    @Setup(Level.Iteration)
    public void reset() {
        packets = 0;
    }
}
