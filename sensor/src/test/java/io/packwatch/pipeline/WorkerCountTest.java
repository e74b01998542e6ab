package io.packwatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WorkerCountTest {
    @Test
    void autoGivesTwoCoresAWorkerOnlyWhenInspectionIsOn() {
        assertEquals(1, Pipeline.workerCount("auto", true, 2));
        assertEquals(0, Pipeline.workerCount("auto", false, 2));
        assertEquals(0, Pipeline.workerCount("auto", true, 1));
    }

    @Test
    void autoLeavesTheReaderAndOneCoreFreeFromThreeCoresAndStopsAtEight() {
        assertEquals(1, Pipeline.workerCount("auto", true, 3));
        assertEquals(1, Pipeline.workerCount("auto", false, 3));
        assertEquals(6, Pipeline.workerCount("auto", true, 8));
        assertEquals(8, Pipeline.workerCount("auto", false, 64));
    }

    @Test
    void aNumberIsTakenAsItIs() {
        assertEquals(0, Pipeline.workerCount("0", true, 2));
        assertEquals(3, Pipeline.workerCount("3", false, 2));
    }
}
