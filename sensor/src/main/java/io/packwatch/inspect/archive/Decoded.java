package io.packwatch.inspect.archive;

/**
 * What one bounded decode produced.
 *
 * @param length output bytes written to the caller's buffer
 * @param consumed input bytes the decoder read to produce them
 * @param finished the stream (all of it, for gzip every member in the input) ended inside the input
 * @param limitHit decoding stopped because the output limit was reached, with more to come
 * @param error why decoding stopped early: null, or a short reason ({@code input ends} when the
 *     input ran out, otherwise what the decoder objected to)
 */
public record Decoded(int length, long consumed, boolean finished, boolean limitHit, String error) {
    /** Output bytes per input byte (0 when nothing was read). */
    public double ratio() {
        return consumed <= 0 ? 0 : (double) length / consumed;
    }
}
