package io.packwatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkerCountTest {
    /**
     * {@code auto} gives 2 cores a worker beside the reader only with inspection on, leaves the
     * reader and one core free from 3 cores up and stops at 8; a number is taken as it is.
     */
    @ParameterizedTest(name = "{0} with inspection {1} on {2} cores: {3}")
    @CsvSource({
        "auto, true, 2, 1",
        "auto, false, 2, 0",
        "auto, true, 1, 0",
        "auto, true, 3, 1",
        "auto, false, 3, 1",
        "auto, true, 8, 6",
        "auto, false, 64, 8",
        "0, true, 2, 0",
        "3, false, 2, 3",
    })
    void workers(String setting, boolean inspect, int cores, int expected) {
        assertEquals(expected, Pipeline.workerCount(setting, inspect, cores));
    }
}
