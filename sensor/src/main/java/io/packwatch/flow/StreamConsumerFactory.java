package io.packwatch.flow;

/** Chooses the consumer of a new TCP flow's streams, or null to only track the flow. */
@FunctionalInterface
public interface StreamConsumerFactory {
    StreamConsumer create(Flow flow);
}
