package io.packwatch.output;

import io.packwatch.correlate.ObjectReport;
import io.packwatch.flow.Flow;
import io.packwatch.inspect.Detection;
import io.packwatch.inspect.InspectedObject;
import io.packwatch.inspect.ObjectContext;
import io.packwatch.inspect.archive.ArchiveEntry;
import io.packwatch.inspect.archive.ArchiveListing;
import io.packwatch.inspect.archive.ArchiveReport;
import io.packwatch.inspect.archive.Documents;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a {@code packwatch.object} record for each inspected object worth reporting (alerts are
 * the correlation stage's, written by {@link AlertRecordWriter}).
 */
final class ObjectRecordWriter implements ObjectReport {
    private static final Map<String, String> MIME = Map.ofEntries(
            Map.entry("gzip", "application/gzip"), Map.entry("bzip2", "application/x-bzip2"),
            Map.entry("zlib", "application/zlib"), Map.entry("zip", "application/zip"),
            Map.entry("rar", "application/vnd.rar"), Map.entry("7z", "application/x-7z-compressed"),
            Map.entry("xz", "application/x-xz"), Map.entry("lzma", "application/x-lzma"),
            Map.entry("zstd", "application/zstd"), Map.entry("lz4", "application/x-lz4"),
            Map.entry("tar", "application/x-tar"), Map.entry("cab", "application/vnd.ms-cab-compressed"),
            Map.entry("compress", "application/x-compress"), Map.entry("snappy", "application/x-snappy-framed"),
            Map.entry("arj", "application/x-arj"), Map.entry("cpio", "application/x-cpio"),
            Map.entry("ar", "application/x-archive"));

    private final RecordSink sink;
    private final FlowFields fields;
    private final JsonWriter json = new JsonWriter();

    ObjectRecordWriter(RecordSink sink, FlowFields fields) {
        this.sink = sink;
        this.fields = fields;
    }

    @Override
    public void report(InspectedObject o) {
        Flow f = o.flow();
        int sender = o.direction();
        int receiver = 1 - sender;
        json.begin().timestamp("@timestamp", o.endNanos()).object("event")
                .field("kind", "event").field("dataset", "packwatch.object").end();
        fields.observer(json);
        fields.endpoint(json, "source", f, sender);
        json.end();
        fields.endpoint(json, "destination", f, receiver);
        json.end();
        fields.network(json, f, sender);
        ObjectContext ctx = o.context();
        String protocol = protocol(o, ctx);
        if (protocol != null) {
            json.field("protocol", protocol);
        }
        json.end();
        Detection best = o.best();
        json.object("file");
        if (ctx.fileName() != null) {
            json.field("name", ctx.fileName());
        }
        json.field("size", o.size());
        String declared = mediaType(ctx.contentType());
        String outerFormat = best == null ? null : best.layers().get("none".equals(best.encoding()) ? 0 : 1);
        String document = o.document();
        // what travelled: a .tar.gz is application/gzip, a .docx or a .png a document
        if (document != null) {
            json.field("mime_type", Documents.mimeType(document));
        } else if (outerFormat != null && MIME.containsKey(outerFormat)) {
            json.field("mime_type", MIME.get(outerFormat));
        } else if (declared != null) {
            json.field("mime_type", declared);
        }
        if (o.sha256() != null) {
            json.object("hash").field("sha256", o.sha256()).field("md5", o.md5()).end();
        }
        json.end();
        writeHttp(o, ctx, declared);
        writeTls(ctx);
        json.object("dlp")
                .field("format", best == null ? "none" : best.format())
                .field("encoding", best == null ? "none" : best.encoding());
        if (best != null) {
            json.field("offset", best.offset()).field("validated", best.validated()).field("detail", best.detail());
            json.array("layers");
            best.layers().forEach(json::value);
            json.endArray();
        }
        if (document != null) {
            json.field("document", document);
        }
        if (o.archive() != null) {
            archive(o.archive());
        }
        json.field("class", o.dataClass()).field("class_basis", o.classBasis().label());
        if (o.classDecoder() != null) {
            json.field("class_decoder", o.classDecoder());
        }
        json.field("entropy", Math.round(o.entropy() * 1000) / 1000.0)
                .field("truncated", o.truncated())
                .field("missed_bytes", o.missedBytes())
                .field("stream", sender == Flow.FROM_CLIENT ? "client" : "server");
        json.object("object").field("kind", ctx.kind());
        if (ctx.layer() != null) {
            json.field("layer", ctx.layer());
        }
        if (ctx.contentEncoding() != null) {
            json.field("content_encoding", ctx.contentEncoding());
        }
        json.end();
        json.object("flow").field("id", f.id()).end();
        if (o.detections().size() > 1) {
            json.array("detections");
            for (Detection d : o.detections()) {
                json.value(d.format() + "@" + d.offset() + (d.validated() ? "" : "?"));
            }
            json.endArray();
        }
        json.end().end();
        sink.write(json);
    }

    /** {@code dlp.inner_class} and {@code dlp.archive}: what the layers held. */
    private void archive(ArchiveReport r) {
        if (r.innerClass() != null) {
            json.field("inner_class", r.innerClass());
        }
        json.object("archive");
        ArchiveListing l = r.listing();
        if (l != null) {
            json.field("entry_count", l.entryCount()).array("entries");
            for (ArchiveEntry e : l.entries()) {
                json.objectValue().field("name", e.name()).field("size", e.size())
                        .field("compressed_size", e.compressedSize()).field("method", e.method())
                        .field("encrypted", e.encrypted()).end();
            }
            json.endArray().field("encrypted", l.encrypted());
            if (l.encryption() != null) {
                json.field("encryption", l.encryption());
            }
            if (l.comment() != null) {
                json.field("comment", l.comment());
            }
        }
        json.field("decoded_bytes", r.decodedBytes())
                .field("ratio", Math.round(r.ratio() * 10) / 10.0)
                .field("bomb", r.bomb())
                .field("complete", r.complete());
        if (r.reason() != null) {
            json.field("reason", r.reason());
        }
        json.end();
    }

    /**
     * tls, ssh or openvpn from the stream's own bytes; http for HTTP bodies and parts; websocket for WebSocket
     * messages; tftp for a TFTP transfer's file; tls for a flow whose hello was read.
     */
    private static String protocol(InspectedObject o, ObjectContext ctx) {
        if (o.protocol() != null) {
            return o.protocol();
        }
        if (ctx.kind().startsWith("http")) {
            return "http";
        }
        if (ctx.kind().equals("websocket") || ctx.kind().equals("tftp")) {
            return ctx.kind();
        }
        return ctx.tls() != null ? "tls" : null;
    }

    private void writeHttp(InspectedObject o, ObjectContext ctx, String declared) {
        if (ctx.kind().equals("websocket")) {
            writeRequestTarget(ctx); // the request that asked for the upgrade
            return;
        }
        if (!ctx.kind().startsWith("http")) {
            return;
        }
        boolean body = ctx.kind().equals("http_body");
        json.object("http").object("request");
        if (ctx.method() != null) {
            json.field("method", ctx.method());
        }
        if (ctx.request()) {
            if (declared != null) {
                json.field("mime_type", declared);
            }
            if (body) {
                json.object("body").field("bytes", o.size() + o.missedBytes()).end();
            }
        }
        if (ctx.forwardedFor() != null) {
            json.object("headers").field("x_forwarded_for", ctx.forwardedFor()).end();
        }
        json.end();
        if (!ctx.request()) {
            json.object("response").field("status_code", ctx.statusCode());
            if (declared != null) {
                json.field("mime_type", declared);
            }
            if (body) {
                json.object("body").field("bytes", o.size() + o.missedBytes()).end();
            }
            json.end();
        }
        json.end();
        writeRequestTarget(ctx);
    }

    /** {@code url.*} and {@code user_agent.original} of the request. */
    private void writeRequestTarget(ObjectContext ctx) {
        if (ctx.uri() != null || ctx.host() != null) {
            json.object("url");
            if (ctx.uri() != null) {
                json.field("original", ctx.uri());
            }
            if (ctx.host() != null) {
                json.field("domain", domain(ctx.host()));
            }
            json.end();
        }
        if (ctx.userAgent() != null) {
            json.object("user_agent").field("original", ctx.userAgent()).end();
        }
    }

    private void writeTls(ObjectContext ctx) {
        ObjectContext.TlsFacts t = ctx.tls();
        if (t == null && ctx.serverName() == null) {
            return;
        }
        json.object("tls");
        if (t != null && t.version() != null) {
            json.field("version", t.version()).field("version_protocol", "tls");
        }
        if (t != null && t.cipher() != null) {
            json.field("cipher", t.cipher());
        }
        if (t != null && t.nextProtocol() != null) {
            json.field("next_protocol", t.nextProtocol());
        }
        if (ctx.serverName() != null) {
            json.object("client").field("server_name", ctx.serverName()).end();
        }
        json.end();
    }

    /** The media type of a Content-Type, without parameters, lower case; null if absent. */
    private static String mediaType(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semi = contentType.indexOf(';');
        String t = (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
        return t.isEmpty() ? null : t.toLowerCase(Locale.ROOT);
    }

    /** The host of a Host header: without the port, brackets of an IPv6 literal kept. */
    private static String domain(String host) {
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            return close > 0 ? host.substring(0, close + 1) : host;
        }
        int colon = host.indexOf(':');
        return colon > 0 ? host.substring(0, colon) : host;
    }
}
