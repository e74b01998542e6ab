package io.packwatch.correlate;

import io.packwatch.config.Settings;
import io.packwatch.decode.CidrSet;
import java.util.List;
import java.util.Locale;

/**
 * What the network-only rule alerts on ({@code alert.*}, {@code correlate.tls_min_bytes}). Shared
 * by the workers' rules through one reference, so a reload (SIGHUP) swaps it for all of them at once.
 *
 * @param allowedDestinations destination networks that never alert
 * @param allowedDomains destination names (lower case) that never alert, with their subdomains
 * @param minBytes smallest archive or encrypted object that alerts
 * @param tlsMinBytes smallest outbound TLS session that joins an upload episode
 * @param downloads whether inbound archives alert too
 * @param documents whether documents whose format compresses their content (Office, OpenDocument, PDF, PNG)
 *     count as archives
 */
public record AlertPolicy(CidrSet allowedDestinations, List<String> allowedDomains, long minBytes, long tlsMinBytes,
                          boolean downloads, boolean documents) {

    public AlertPolicy {
        allowedDomains = allowedDomains.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList();
    }

    public static AlertPolicy from(Settings s) {
        return new AlertPolicy(CidrSet.parse(s.strings("alert.allow_destinations")), s.strings("alert.allow_domains"),
                s.bytes("alert.min_bytes"), s.bytes("correlate.tls_min_bytes"), s.bool("alert.downloads"),
                s.bool("alert.documents"));
    }
}
