package io.packwatch.config;

/** A config file or override that cannot be used; the message names the key and what to fix. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
