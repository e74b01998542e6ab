package io.packwatch.inspect.archive;

import java.util.ArrayList;
import java.util.List;

/** Collects entries up to the entry limit and the facts a lister finds along the way. */
final class ListingBuilder {
    private final String format;
    private final int maxEntries;
    private final List<ArchiveEntry> entries = new ArrayList<>();
    private long declaredCount = -1;
    private String encryption;
    private boolean encrypted;
    private String comment;
    private String reason;

    ListingBuilder(String format, int maxEntries) {
        this.format = format;
        this.maxEntries = maxEntries;
    }

    /** Adds an entry; false when the entry limit is reached and listing must stop. */
    boolean add(String name, long size, long compressedSize, String method, boolean encryptedEntry, String scheme) {
        if (entries.size() >= maxEntries) {
            incomplete("max_entries");
            return false;
        }
        entries.add(new ArchiveEntry(name, size, compressedSize, method, encryptedEntry));
        if (encryptedEntry) {
            encrypted(scheme);
        }
        return true;
    }

    int size() {
        return entries.size();
    }

    void encrypted(String scheme) {
        encrypted = true;
        if (encryption == null) {
            encryption = scheme;
        }
    }

    void comment(String c) {
        comment = c == null || c.isEmpty() ? null : c;
    }

    /** The archive's own entry count, when it states one. */
    void declaredCount(long n) {
        declaredCount = n;
    }

    /** Marks the listing incomplete; the first reason given stands. */
    void incomplete(String why) {
        if (reason == null) {
            reason = why;
        }
    }

    ArchiveListing build() {
        long count = declaredCount >= 0 ? Math.max(declaredCount, entries.size()) : entries.size();
        return new ArchiveListing(format, count, entries, encrypted, encryption, comment, reason == null, reason);
    }
}
