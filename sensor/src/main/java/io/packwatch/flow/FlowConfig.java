package io.packwatch.flow;

/** The {@code flow.*} config keys; timeouts in nanoseconds of packet time. */
public record FlowConfig(int maxFlows, long tcpNewTimeout, long tcpEstablishedTimeout, long tcpClosedTimeout,
                         long udpTimeout, long otherTimeout) {
}
