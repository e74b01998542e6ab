package io.packwatch.correlate;

import java.util.Locale;
import java.util.Map;

/** File names as endpoints and the wire give them, compared the way an analyst would. */
final class Names {
    private static final Map<String, String> FORMAT_BY_EXTENSION = Map.ofEntries(
            Map.entry("gz", "gzip"), Map.entry("tgz", "gzip"), Map.entry("bz2", "bzip2"), Map.entry("tbz2", "bzip2"),
            Map.entry("zlib", "zlib"), Map.entry("zip", "zip"), Map.entry("rar", "rar"), Map.entry("7z", "7z"),
            Map.entry("xz", "xz"), Map.entry("txz", "xz"), Map.entry("lzma", "lzma"), Map.entry("zst", "zstd"),
            Map.entry("lz4", "lz4"), Map.entry("tar", "tar"), Map.entry("cab", "cab"), Map.entry("z", "compress"));

    private Names() {
    }

    /** The last segment of a path, Windows or POSIX. */
    static String basename(String path) {
        int cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(cut + 1);
    }

    /** The last path segment of a request target, without query; null when there is none. */
    static String uriBasename(String uri) {
        if (uri == null) {
            return null;
        }
        int q = uri.indexOf('?');
        String path = q >= 0 ? uri.substring(0, q) : uri;
        String base = basename(path);
        return base.isEmpty() ? null : base;
    }

    /** The archive format a file name's extension claims, or null. */
    static String formatOf(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? null : FORMAT_BY_EXTENSION.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
