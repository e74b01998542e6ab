package io.packwatch.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.inspect.Detection;
import io.packwatch.inspect.EncodedArchiveDetector;
import io.packwatch.inspect.ProtocolHint;
import io.packwatch.inspect.archive.ArchiveLister;
import io.packwatch.inspect.archive.ArchiveListing;
import io.packwatch.inspect.archive.Documents;
import io.packwatch.inspect.entropy.ByteStats;
import io.packwatch.inspect.entropy.DataClass;
import io.packwatch.inspect.entropy.DataClassifier;
import io.packwatch.inspect.entropy.Sampler;
import io.packwatch.inspect.format.SignatureDetector;
import io.packwatch.inspect.format.Validator;
import io.packwatch.inspect.format.Validators;
import io.packwatch.inspect.format.Bin;
import io.packwatch.support.Repo;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Payload inspection on arbitrary bytes: the signature detector with the repository's signatures,
 * each validator called directly (they promise never to throw; the detector would hide it if one
 * did), the detector of archives inside base64/hex/escaped text, the entropy classifier, the rules that find
 * protocols encrypted by design, and the rules that tell a document from an archive. Every detection's offset must
 * lie inside the bytes looked at.
 */
class InspectionFuzzTest {
    private static final SignatureDetector SIGNATURES = SignatureDetector.fromDirectory(Repo.root().resolve("signatures"));
    /** Validator names in a fixed order, {@code none} left out: byte 0 of an input picks one. */
    static final List<String> VALIDATORS = Validators.names().stream().filter(n -> !n.equals(Validators.NONE)).toList();

    private final EncodedArchiveDetector encoded = new EncodedArchiveDetector(SIGNATURES);
    private final ByteStats stats = new ByteStats();
    private final DataClassifier classifier = new DataClassifier();
    private final ArchiveLister lister = new ArchiveLister();

    /** Content types byte 0 picks from for a body: none, WinRM's two layouts, another encrypted multipart. */
    static final List<String> BODY_TYPES = Arrays.asList(null,
            "multipart/encrypted;protocol=\"application/HTTP-SPNEGO-session-encrypted\";boundary=\"Encrypted Boundary\"",
            "multipart/x-multi-encrypted;protocol=application/HTTP-CredSSP-session-encrypted",
            "multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=x");

    /**
     * Byte 0: bit 0 says whether these are all of the object's bytes, bits 1-3 how many leading
     * bytes lie before the window (so offsets are checked relative to it).
     */
    @PackwatchFuzzTest
    void signatureDetector(byte[] in) {
        if (in.length < 1) {
            return;
        }
        int off = Math.min(in.length, ((in[0] & 0xFF) >>> 1) & 7);
        int len = in.length - off;
        List<Detection> found = SIGNATURES.detect(in, off, len, (in[0] & 1) != 0);
        assertTrue(found.size() <= SignatureDetector.MAX_DETECTIONS, found.size() + " detections");
        checkOffsets(found, len);
    }

    /** Byte 0 picks the validator, byte 1 where the candidate archive starts. */
    @PackwatchFuzzTest
    void validators(byte[] in) {
        if (in.length < 2) {
            return;
        }
        Validator v = Validators.byName(VALIDATORS.get((in[0] & 0xFF) % VALIDATORS.size()));
        assertNotNull(v);
        int start = Math.min(in.length, 2 + (in[1] & 0x0F));
        String detail = v.validate(in, start, in.length);
        assertTrue(detail == null || !detail.isEmpty(), "empty detail");
    }

    /** Byte 0, bit 0: complete object. An encoded detection's layer chain starts with its encoding. */
    @PackwatchFuzzTest
    void encodedArchives(byte[] in) {
        if (in.length < 1) {
            return;
        }
        List<Detection> found = encoded.detect(in, 1, in.length - 1, (in[0] & 1) != 0);
        checkOffsets(found, in.length - 1);
        for (Detection d : found) {
            // an archive in the clear comes straight from the inner detector: encoding none, layers [format]
            String first = d.encoding().equals("none") ? d.format() : d.encoding();
            assertEquals(first, d.layers().get(0), "layer chain " + d.layers() + " of " + d);
        }
    }

    /** The classifier on all the bytes, and on what the sampler picks of them as an object of that length. */
    @PackwatchFuzzTest
    void entropyClassifier(byte[] in) {
        stats.reset();
        stats.update(in, 0, in.length);
        checkClassification(classifier.classifyWithConfidence(stats), in.length);
        Sampler sampler = new Sampler(stats, in.length, 512, 256, 4);
        for (int at = 0; at < in.length; at += 1000) {
            sampler.update(in, at, Math.min(1000, in.length - at));
        }
        assertTrue(sampler.sampled() <= in.length, sampler.sampled() + " sampled of " + in.length);
        checkClassification(classifier.classifyWithConfidence(stats), sampler.sampled());
    }

    private static void checkClassification(DataClassifier.Result r, long n) {
        assertNotNull(r.dataClass());
        if (n < DataClassifier.MIN_BYTES) {
            assertEquals(DataClass.UNKNOWN, r.dataClass());
        }
        if (r.dataClass() == DataClass.COMPRESSED || r.dataClass() == DataClass.ENCRYPTED) {
            assertTrue(Double.isFinite(r.score()), "score " + r.score());
            assertTrue(r.confidence() >= 0.5 && r.confidence() <= 1, "confidence " + r.confidence());
        } else {
            assertTrue(r.confidence() >= 0 && r.confidence() <= 1, "confidence " + r.confidence());
        }
    }

    private static void checkOffsets(List<Detection> found, int len) {
        for (Detection d : found) {
            assertTrue(d.offset() >= 0 && d.offset() < len, d + " outside the " + len + " bytes looked at");
            assertTrue(!d.layers().isEmpty(), "no layers: " + d);
        }
    }

    /**
     * The window is the bytes after byte 0, as a stream (bit 0: the whole object) and as an HTTP body of the content
     * type bits 1-2 pick. Only the names the rules give may come back.
     */
    @PackwatchFuzzTest
    void encryptedByDesign(byte[] in) {
        if (in.length < 1) {
            return;
        }
        byte[] w = Arrays.copyOfRange(in, 1, in.length);
        String stream = ProtocolHint.of(w, w.length, (in[0] & 1) != 0, Bin.histogram(w, 0, w.length));
        assertTrue(stream == null || Set.of("tls", "ssh", "openvpn", "smb").contains(stream), stream);
        ProtocolHint.openvpnInside(w, w.length);
        ProtocolHint.smbInside(w, w.length);
        ProtocolHint.sshPackets(w, w.length);
        String body = ProtocolHint.ofBody(BODY_TYPES.get((in[0] >>> 1) & 3), w, w.length);
        assertTrue(body == null || body.equals("winrm"), body);
    }

    /**
     * The bytes after byte 0 as a zip listed and judged a document, and a zlib stream at the offset byte 0 gives
     * judged a PNG's or a PDF's.
     */
    @PackwatchFuzzTest
    void documents(byte[] in) {
        if (in.length < 1) {
            return;
        }
        byte[] w = Arrays.copyOfRange(in, 1, in.length);
        ArchiveListing l = lister.list("zip", w, 0, w.length, 64, true);
        String zip = Documents.ofZip(l, w, 0, w.length);
        assertTrue(zip == null || Documents.mimeType(zip) != null, zip);
        String zlib = Documents.ofZlib(w, Math.min(w.length, (in[0] & 0xFF) * 4), w.length);
        assertTrue(zlib == null || zlib.equals("png") || zlib.equals("pdf"), zlib);
    }
}
