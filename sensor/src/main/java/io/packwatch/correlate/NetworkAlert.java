package io.packwatch.correlate;

import java.util.List;

/**
 * An alert raised from network evidence alone.
 *
 * @param ruleId stable id, e.g. {@code pw.net.archive_upload}
 * @param severity ECS event.severity (1 low .. 4 critical)
 * @param riskScore ECS event.risk_score (0..100)
 * @param techniques ATT&CK technique ids
 */
public record NetworkAlert(String ruleId, String ruleName, int severity, int riskScore, List<String> techniques) {
    public static final NetworkAlert ARCHIVE_UPLOAD = new NetworkAlert("pw.net.archive_upload",
            "Archive or compressed data sent out of the network", 2, 47, List.of("T1560.002", "T1048"));
    public static final NetworkAlert ENCRYPTED_UPLOAD = new NetworkAlert("pw.net.encrypted_upload",
            "Encrypted data without a known protocol sent out of the network", 2, 47, List.of("T1560.002", "T1048"));
    public static final NetworkAlert ARCHIVE_DOWNLOAD = new NetworkAlert("pw.net.archive_download",
            "Archive or compressed data received from outside the network", 1, 21, List.of("T1105"));
}
