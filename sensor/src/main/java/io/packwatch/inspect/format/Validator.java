package io.packwatch.inspect.format;

/**
 * Checks that the bytes at a candidate position really start an archive of one format, by decoding a
 * bounded prefix. Implementations must not throw, must not loop without bound, and must not allocate in
 * proportion to length fields read from the data.
 */
@FunctionalInterface
public interface Validator {
    /**
     * @param b the buffer
     * @param start where the archive would start (the magic is at {@code start + signature offset})
     * @param end the end of the bytes available (exclusive); the archive may continue beyond it
     * @return a short description of what was seen when valid, or {@code null} when not
     */
    String validate(byte[] b, int start, int end);
}
