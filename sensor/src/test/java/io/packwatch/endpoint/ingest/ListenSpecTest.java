package io.packwatch.endpoint.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.packwatch.config.ConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListenSpecTest {
    @Test
    void parsesEachTransportAndAddressForm() {
        List<ListenSpec> specs = ListenSpec.parseAll(List.of("udp://0.0.0.0:514,tcp://127.0.0.1:601", "TLS://[::1]:6514"));
        assertEquals(3, specs.size());
        assertEquals(Transport.UDP, specs.get(0).transport());
        assertEquals(514, specs.get(0).address().getPort());
        assertEquals("0.0.0.0", specs.get(0).address().getAddress().getHostAddress());
        assertEquals("tcp://127.0.0.1:601", specs.get(1).toString());
        assertEquals("tls://[0:0:0:0:0:0:0:1]:6514", specs.get(2).toString());
    }

    @Test
    void errorsNameTheBadSpecAndSayWhy() {
        assertEquals("bad listen address 'http://1.2.3.4:80': unknown transport 'http' (use udp, tcp or tls)", error("http://1.2.3.4:80"));
        assertEquals("bad listen address 'tcp://127.0.0.1': missing port, e.g. tcp://127.0.0.1:601", error("tcp://127.0.0.1"));
        assertEquals("bad listen address 'udp://127.0.0.1:70000': port '70000' is not a number from 0 to 65535",
                error("udp://127.0.0.1:70000"));
        assertEquals("bad listen address 'tls://logs.example.com:6514': 'logs.example.com' is not an IP address"
                + " (use 0.0.0.0, 127.0.0.1, [::] or an interface's address)", error("tls://logs.example.com:6514"));
        assertEquals("bad listen address 'tcp://::1:601': put an IPv6 address in brackets, e.g. tcp://[::1]:601",
                error("tcp://::1:601"));
        assertEquals("bad listen address '127.0.0.1:514': expected TRANSPORT://ADDRESS:PORT such as udp://127.0.0.1:514,"
                + " tcp://0.0.0.0:601 or tls://[::1]:6514", error("127.0.0.1:514"));
    }

    @Test
    void configNamesTheKeyAndRequiresCertificatesForTls() {
        ConfigException bad = assertThrows(ConfigException.class,
                () -> IngestConfig.from(Collector.settings(Map.of("endpoint.listen", "udp://127.0.0.1:514,tcp://x:1"))));
        assertEquals("endpoint.listen: bad listen address 'tcp://x:1': 'x' is not an IP address"
                + " (use 0.0.0.0, 127.0.0.1, [::] or an interface's address)", bad.getMessage());
        ConfigException tls = assertThrows(ConfigException.class,
                () -> IngestConfig.from(Collector.settings(Map.of("endpoint.listen", "tls://127.0.0.1:6514"))));
        assertEquals("endpoint.listen has a tls:// address, so set endpoint.tls.cert and endpoint.tls.key"
                + " (PEM certificate chain and PKCS#8 PEM private key)", tls.getMessage());
    }

    @Test
    void noListenerByDefault() {
        assertEquals(false, SyslogReceivers.fromSettings(io.packwatch.config.Settings.defaults()).enabled());
    }

    private static String error(String spec) {
        return assertThrows(IllegalArgumentException.class, () -> ListenSpec.parse(spec)).getMessage();
    }
}
