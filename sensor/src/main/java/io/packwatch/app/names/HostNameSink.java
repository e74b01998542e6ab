package io.packwatch.app.names;

/** Where host names seen on the wire go (the correlation stage's host directory). */
@FunctionalInterface
public interface HostNameSink {
    /**
     * @param name a host name as the network gave it (DHCP host name or FQDN, DNS owner name)
     * @param ip the address it names, as text
     */
    void onHostName(String name, String ip);
}
