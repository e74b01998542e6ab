package io.packwatch.endpoint.sigma;

import io.packwatch.endpoint.Ecs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sigma taxonomy field names (the Sysmon names Sigma rules are written in) to the ECS names the
 * endpoint parsers fill. A Sigma field found here is looked up under its ECS name first, then
 * under its own name; any other field is looked up under its own name, then under
 * {@code winlog.event_data.<name>} (where Windows parsers keep event data ECS has no name for).
 * README.md ("Endpoint analytics (Sigma)") summarizes the table.
 */
public final class FieldMapping {
    /** Sysmon's {@code Hashes} field, rebuilt from the ECS hashes when the event lacks it. */
    static final String HASHES = "Hashes";

    private static final Map<String, String> TABLE = Map.ofEntries(
            Map.entry("Image", Ecs.PROCESS_EXECUTABLE),
            Map.entry("CommandLine", Ecs.PROCESS_COMMAND_LINE),
            Map.entry("ProcessId", Ecs.PROCESS_PID),
            Map.entry("ProcessName", Ecs.PROCESS_NAME),
            Map.entry("OriginalFileName", "process.pe.original_file_name"),
            Map.entry("CurrentDirectory", "process.working_directory"),
            Map.entry("ParentImage", Ecs.PARENT_EXECUTABLE),
            Map.entry("ParentCommandLine", Ecs.PARENT_COMMAND_LINE),
            Map.entry("ParentProcessId", Ecs.PARENT_PID),
            Map.entry("ImageLoaded", Ecs.DLL_PATH),
            Map.entry("TargetFilename", Ecs.FILE_PATH),
            Map.entry("User", Ecs.USER_NAME),
            Map.entry("SourceIp", Ecs.SOURCE_IP),
            Map.entry("SourcePort", Ecs.SOURCE_PORT),
            Map.entry("DestinationIp", Ecs.DESTINATION_IP),
            Map.entry("DestinationPort", Ecs.DESTINATION_PORT),
            Map.entry("DestinationHostname", "destination.domain"),
            Map.entry("ScriptBlockText", Ecs.SCRIPT_BLOCK),
            Map.entry("Computer", Ecs.HOST_NAME),
            Map.entry("ComputerName", Ecs.HOST_NAME),
            Map.entry("Hostname", Ecs.HOST_NAME),
            Map.entry("hostname", Ecs.HOST_NAME),
            Map.entry("EventID", Ecs.EVENT_CODE),
            Map.entry("md5", Ecs.FILE_HASH_MD5),
            Map.entry("sha1", Ecs.FILE_HASH_SHA1),
            Map.entry("sha256", Ecs.FILE_HASH_SHA256));

    private FieldMapping() {
    }

    /** The event field names a Sigma field is looked up under, first match wins. */
    static List<String> candidates(String sigmaField) {
        List<String> names = new ArrayList<>(3);
        String ecs = TABLE.get(sigmaField);
        if (ecs != null) {
            names.add(ecs);
        }
        names.add(sigmaField);
        if (ecs == null && !sigmaField.contains(".")) {
            names.add("winlog.event_data." + sigmaField);
        }
        return names;
    }

    /** The table itself, for the documentation test. */
    public static Map<String, String> table() {
        return TABLE;
    }
}
