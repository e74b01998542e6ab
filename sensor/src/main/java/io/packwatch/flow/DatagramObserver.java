package io.packwatch.flow;

import io.packwatch.decode.Packet;

/**
 * Sees each UDP datagram with payload that a flow table accepts (the payload is
 * {@code p.buf[p.payloadOffset, + p.payloadLength)}, valid only during the call).
 */
@FunctionalInterface
public interface DatagramObserver {
    void onDatagram(Packet p);
}
