package dev.tally.report.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own refusals, made before any route runs (a URI or headers too long, a path it will not
 * parse): {@code {"error": "..."}} like every other error, instead of Jetty's HTML page.
 */
final class JettyErrors extends ErrorHandler {

    private final ObjectMapper json;

    JettyErrors(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        String message = switch (status) {
            case 414 -> "the request URI is too long (at most 8 KiB with the headers)";
            case 431 -> "the request headers are too large (at most 8 KiB with the request line)";
            default -> "malformed request: " + (reason == null ? "the server could not parse it" : reason);
        };
        try {
            return ByteBuffer.wrap(json.writeValueAsBytes(Map.of("error", message)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
