package io.packwatch.output.siem;

import io.packwatch.correlate.Alert;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Alerts/s through each SIEM formatter with the 8 KiB limit: {@code typical} is a correlated alert
 * with one evidence event (about 1 KiB as CEF); {@code huge} has 200 evidence events and 20 KB values,
 * so it is formatted several times down the clipping ladder. Run: {@code sensor/bin/bench SiemFormat}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class SiemFormatBenchmark {
    @Param({"rfc5424", "cef", "leef", "json"})
    public String format;

    @Param({"typical", "huge"})
    public String alert;

    private SizedFormatter formatter;
    private Alert input;

    @Setup
    public void setup() {
        SyslogHeader header = new SyslogHeader(16, "sensor1", "42");
        AlertFormatter f = switch (SiemFormat.parse(format)) {
            case RFC5424 -> new Rfc5424Formatter(header, "pw1");
            case CEF -> new CefFormatter(header, "1.0");
            case LEEF -> new LeefFormatter(header, "1.0", '^');
            case JSON -> new JsonFormatter("pw1");
        };
        formatter = new SizedFormatter(f, 8192);
        input = alert.equals("huge") ? TruncationTest.huge() : SampleAlerts.correlated("a1");
    }

    @Benchmark
    public byte[] formatAlert() {
        return formatter.format(input);
    }
}
