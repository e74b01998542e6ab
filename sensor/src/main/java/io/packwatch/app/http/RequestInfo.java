package io.packwatch.app.http;

/** What a response object needs to know of the request it answers. */
record RequestInfo(String method, String host, String uri, String userAgent, String forwardedFor) {
    static final RequestInfo UNKNOWN = new RequestInfo(null, null, null, null, null);

    boolean isHead() {
        return "HEAD".equals(method);
    }

    boolean isConnect() {
        return "CONNECT".equals(method);
    }
}
