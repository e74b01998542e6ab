package io.packwatch.inspect.format;

/** Names of zip compression methods (APPNOTE 4.4.5). */
public final class ZipMethod {
    private ZipMethod() {
    }

    public static String name(int m) {
        return switch (m) {
            case 0 -> "stored";
            case 8 -> "deflate";
            case 9 -> "deflate64";
            case 12 -> "bzip2";
            case 14 -> "lzma";
            case 93 -> "zstd";
            case 95 -> "xz";
            case 98 -> "ppmd";
            case 99 -> "aes";
            default -> Integer.toString(m);
        };
    }
}
