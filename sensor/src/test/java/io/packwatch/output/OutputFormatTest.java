package io.packwatch.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.packwatch.decode.CidrSet;
import io.packwatch.decode.IpAddress;
import io.packwatch.decode.NetworkDirection;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputFormatTest {
    @Test
    void communityIdMatchesTheSpecVectorInBothDirections() {
        CommunityId id = new CommunityId(0);
        long[] a = IpAddress.parse("128.232.110.120");
        long[] b = IpAddress.parse("66.35.250.204");
        assertEquals("1:LQU9qZlK+B5F3KDmev6m5PMibrg=", id.of(4, a[1], a[2], 34855, b[1], b[2], 80, 6));
        assertEquals("1:LQU9qZlK+B5F3KDmev6m5PMibrg=", id.of(4, b[1], b[2], 80, a[1], a[2], 34855, 6));
    }

    @Test
    void ipv6IsFormattedPerRfc5952() {
        long[] a = IpAddress.parse("2001:0db8:0000:0000:0000:ff00:0042:8329");
        assertEquals("2001:db8::ff00:42:8329", IpAddress.format(6, a[1], a[2]));
        long[] b = IpAddress.parse("2001:db8:0:1:0:0:0:1");
        assertEquals("2001:db8:0:1::1", IpAddress.format(6, b[1], b[2]));
        long[] c = IpAddress.parse("::1");
        assertEquals("::1", IpAddress.format(6, c[1], c[2]));
        long[] d = IpAddress.parse("fe80::");
        assertEquals("fe80::", IpAddress.format(6, d[1], d[2]));
        long[] e = IpAddress.parse("10.20.30.40");
        assertEquals("10.20.30.40", IpAddress.format(4, e[1], e[2]));
    }

    @Test
    void directionFollowsHomeNetworks() {
        NetworkDirection dir = new NetworkDirection(CidrSet.parse(List.of("10.0.0.0/8", "fd00::/8")));
        long[] in = IpAddress.parse("10.1.2.3");
        long[] out = IpAddress.parse("93.184.216.34");
        assertEquals("outbound", dir.of(4, in[1], in[2], out[1], out[2]));
        assertEquals("inbound", dir.of(4, out[1], out[2], in[1], in[2]));
        assertEquals("internal", dir.of(4, in[1], in[2], in[1], in[2]));
        assertEquals("external", dir.of(4, out[1], out[2], out[1], out[2]));
        long[] v6 = IpAddress.parse("fd12::5");
        long[] v6out = IpAddress.parse("2001:db8::1");
        assertEquals("outbound", dir.of(6, v6[1], v6[2], v6out[1], v6out[2]));
    }

    @Test
    void jsonEscapesEverythingThatWouldBreakALine() {
        String s = new JsonWriter().begin().field("a", "q\"b\\n\n\r\t\u0001\u2028é").field("n", 5).object("o")
                .field("t", true).end().end().toString();
        assertEquals("{\"a\":\"q\\\"b\\\\n\\n\\r\\t\\u0001\\u2028é\",\"n\":5,\"o\":{\"t\":true}}", s);
    }

    @Test
    void timestampsAreIsoUtcWithTheirPrecision() {
        assertEquals("2026-01-01T00:00:00.000000Z", Timestamps.iso(1_767_225_600_000_000_000L));
        assertEquals("2026-01-01T00:00:00.123456789Z", Timestamps.iso(1_767_225_600_123_456_789L));
        assertEquals("2026-01-01T00:00:01.500000Z", Timestamps.iso(1_767_225_601_500_000_000L));
    }
}
