package io.packwatch.inspect.format;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The built-in validators, by the name used in signature files. */
public final class Validators {
    /** The validator name meaning "magic only": such detections are reported as not validated. */
    public static final String NONE = "none";

    private static final Map<String, Validator> BY_NAME;

    static {
        Map<String, Validator> m = new LinkedHashMap<>();
        m.put("gzip", CompressionValidators::gzip);
        m.put("zlib", CompressionValidators::zlib);
        m.put("bzip2", CompressionValidators::bzip2);
        m.put("bzip2-probe", CompressionValidators::bzip2Probe);
        m.put("xz", CompressionValidators::xz);
        m.put("lzma", CompressionValidators::lzma);
        m.put("zstd", CompressionValidators::zstd);
        m.put("lz4", CompressionValidators::lz4);
        m.put("compress", CompressionValidators::compress);
        m.put("snappy", CompressionValidators::snappy);
        m.put("zip", ArchiveValidators::zip);
        m.put("rar", ArchiveValidators::rar);
        m.put("7z", ArchiveValidators::sevenZip);
        m.put("tar", ArchiveValidators::tar);
        m.put("cab", ArchiveValidators::cab);
        m.put("arj", ArchiveValidators::arj);
        m.put("cpio", ArchiveValidators::cpio);
        m.put("ar", ArchiveValidators::ar);
        BY_NAME = Collections.unmodifiableMap(m);
    }

    private Validators() {
    }

    /** The validator with this name, or {@code null} for {@link #NONE} or an unknown name. */
    public static Validator byName(String name) {
        return BY_NAME.get(name);
    }

    /** Every accepted validator name, {@link #NONE} included. */
    public static Set<String> names() {
        Set<String> s = new java.util.TreeSet<>(BY_NAME.keySet());
        s.add(NONE);
        return Collections.unmodifiableSet(s);
    }
}
