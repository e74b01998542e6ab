package io.packwatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.support.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
    @TempDir
    Path tmp;

    @Test
    void bundledConfigHoldsEveryKeyAtItsDefault() throws Exception {
        Path bundled = Repo.root().resolve("config/sensor.yaml");
        Settings fromFile = ConfigLoader.load(bundled, List.of());
        Settings defaults = Settings.defaults();
        String text = Files.readString(bundled);
        for (ConfigKey k : ConfigSchema.keys()) {
            String leaf = k.name().substring(k.name().lastIndexOf('.') + 1);
            assertTrue(text.contains("  " + leaf + ":"), "config/sensor.yaml lacks " + k.name());
            assertEquals(value(defaults, k), value(fromFile, k), "config/sensor.yaml differs from the default of " + k.name());
        }
    }

    private static Object value(Settings s, ConfigKey k) {
        switch (k.type()) {
            case INT: return s.integer(k.name());
            case BOOL: return s.bool(k.name());
            case SIZE: return s.bytes(k.name());
            case DURATION: return s.nanos(k.name());
            case CIDRS: case STRINGS: case PORTS: return s.strings(k.name());
            default: return s.string(k.name());
        }
    }

    @Test
    void unknownKeyIsNamedWithFileLineAndSuggestion() throws Exception {
        Path f = tmp.resolve("s.yaml");
        Files.writeString(f, "flow:\n  max_flows: 10\n  max_flow: 5\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f, List.of()));
        assertEquals(f + ":3: unknown config key 'flow.max_flow' (did you mean 'flow.max_flows'?);"
                + " see config/sensor.yaml for every key", e.getMessage());
    }

    @Test
    void badValueIsNamed() throws Exception {
        Path f = tmp.resolve("s.yaml");
        Files.writeString(f, "reassembly:\n  depth: lots\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f, List.of()));
        assertTrue(e.getMessage().startsWith(f + ":2: bad value for reassembly.depth: expected a size"), e.getMessage());
    }

    @Test
    void setOverridesTheFile() throws Exception {
        Path f = tmp.resolve("s.yaml");
        Files.writeString(f, "flow:\n  max_flows: 10\nreassembly:\n  policy: linux\n");
        Settings s = ConfigLoader.load(f, List.of("flow.max_flows=20", "sensor.home_networks=10.1.0.0/16, 2001:db8::/32"));
        assertEquals(20, s.integer("flow.max_flows"));
        assertEquals("linux", s.string("reassembly.policy"));
        assertEquals(List.of("10.1.0.0/16", "2001:db8::/32"), s.strings("sensor.home_networks"));
        assertEquals(30_000_000_000L, s.nanos("flow.timeout.tcp_new"));
    }

    @Test
    void badChoiceAndBadCidrAreRejected() {
        ConfigException policy = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, List.of("reassembly.policy=vista")));
        assertEquals("--set reassembly.policy=vista: bad value for reassembly.policy: expected one of first, last, bsd,"
                + " windows, linux, solaris, got 'vista'", policy.getMessage());
        ConfigException cidr = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, List.of("sensor.home_networks=10.0.0.0/33")));
        assertTrue(cidr.getMessage().contains("prefix length of '10.0.0.0/33' must be 0 to 32"), cidr.getMessage());
        assertThrows(ConfigException.class, () -> ConfigLoader.load(null, List.of("noequals")));
    }

    @Test
    void portsParseAndBadOnesAreNamed() {
        Settings s = ConfigLoader.load(null, List.of("inspect.midstream_ssh_ports=[22, 2222]"));
        assertEquals("{22, 2222}", s.ports("inspect.midstream_ssh_ports").toString());
        assertTrue(ConfigLoader.load(null, List.of("inspect.midstream_ssh_ports=[]"))
                .ports("inspect.midstream_ssh_ports").isEmpty());
        assertEquals("{22}", ConfigLoader.load(null, List.of()).ports("inspect.midstream_ssh_ports").toString());
        for (String bad : List.of("0", "65536", "ssh")) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> ConfigLoader.load(null, List.of("inspect.midstream_ssh_ports=[22, " + bad + "]")));
            assertEquals("--set inspect.midstream_ssh_ports=[22, " + bad + "]: bad value for inspect.midstream_ssh_ports:"
                    + " expected ports from 1 to 65535, got '" + bad + "'", e.getMessage());
        }
    }

    @Test
    void invalidYamlGivesTheLine() throws Exception {
        Path f = tmp.resolve("s.yaml");
        Files.writeString(f, "flow:\n  max_flows: [1,\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f, List.of()));
        assertTrue(e.getMessage().startsWith(f + ": not valid YAML"), e.getMessage());
    }

    @Test
    void unitsParse() {
        assertEquals(64L << 20, Units.parseSize("64MiB"));
        assertEquals(512L << 10, Units.parseSize("512k"));
        assertEquals(262144, Units.parseSize("262144"));
        assertEquals(250_000_000L, Units.parseDuration("250ms"));
        assertEquals(300_000_000_000L, Units.parseDuration("5m"));
        assertEquals(1_500_000_000L, Units.parseDuration("1.5s"));
        assertThrows(IllegalArgumentException.class, () -> Units.parseSize("12 parsecs"));
        assertThrows(IllegalArgumentException.class, () -> Units.parseDuration("soon"));
    }
}
