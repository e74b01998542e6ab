package io.packwatch.inspect;

import io.packwatch.stats.Counter;
import io.packwatch.stats.Counters;

/** The {@code inspect.*} counters, looked up once per worker. */
final class InspectionCounters {
    final Counter objects;
    final Counter archives;
    final Counter windowBytes;
    final Counter windowMemcapEarly;
    final Counter windowReclaims;
    final Counter detectorErrors;
    final Counter reported;
    final Counter layersDecoded;
    final Counter decodeLimitHits;
    final Counter decodeErrors;
    final Counter maxLayersHits;
    final Counter bombs;
    final Counter listings;
    final Counter listingsIncomplete;
    final Counter maxEntriesHits;
    final Counter encryptedArchives;
    final Counter listingCapped;
    final Counter trialDecodes;
    final Counter trialHits;
    final Counter trialBudgetHits;
    final Counter trialBytes;
    final Counter resyncScans;
    final Counter resyncHits;
    final Counter resyncBytes;
    final Counter lzma2ChunkHits;
    final Counter xzIndexHits;
    final Counter protocolContinued;
    final Counter sshByPort;
    final Counter sshByFraming;
    final Counter openvpnMidstream;
    final Counter smbMidstream;

    InspectionCounters(Counters c) {
        objects = c.counter("inspect.objects");
        archives = c.counter("inspect.archives_found");
        windowBytes = c.counter("inspect.window_bytes");
        windowMemcapEarly = c.counter("inspect.memcap_early_verdicts");
        windowReclaims = c.counter("inspect.memcap_reclaims");
        detectorErrors = c.counter("inspect.detector_errors");
        reported = c.counter("inspect.objects_reported");
        layersDecoded = c.counter("inspect.nested.layers_decoded");
        decodeLimitHits = c.counter("inspect.nested.decode_limit_hits");
        decodeErrors = c.counter("inspect.nested.decode_errors");
        maxLayersHits = c.counter("inspect.max_layers_hits");
        bombs = c.counter("inspect.bombs");
        listings = c.counter("inspect.archive.listings");
        listingsIncomplete = c.counter("inspect.archive.incomplete");
        maxEntriesHits = c.counter("inspect.archive.max_entries_hits");
        encryptedArchives = c.counter("inspect.archive.encrypted");
        listingCapped = c.counter("inspect.archive.listing_capped");
        trialDecodes = c.counter("inspect.entropy.trial_decodes");
        trialHits = c.counter("inspect.entropy.trial_hits");
        trialBudgetHits = c.counter("inspect.entropy.trial_budget_hits");
        trialBytes = c.counter("inspect.entropy.trial_bytes");
        resyncScans = c.counter("inspect.entropy.resync_scans");
        resyncHits = c.counter("inspect.entropy.resync_hits");
        resyncBytes = c.counter("inspect.entropy.resync_bytes");
        lzma2ChunkHits = c.counter("inspect.entropy.lzma2_chunk_hits");
        xzIndexHits = c.counter("inspect.entropy.xz_index_hits");
        protocolContinued = c.counter("inspect.protocol_continued");
        sshByPort = c.counter("inspect.ssh_by_port");
        sshByFraming = c.counter("inspect.ssh_by_framing");
        openvpnMidstream = c.counter("inspect.openvpn_midstream");
        smbMidstream = c.counter("inspect.smb_midstream");
    }
}
