package io.gaara.adapters.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A request sent byte for byte over a socket, for what java.net.http cannot send (a bad request line, a NUL in the
 * path, headers over the limit): the answer as the client reads it, until the server closes.
 */
final class RawHttp {
    private RawHttp() {}

    static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = in.read(buffer)) != -1; ) {
                    received.write(buffer, 0, n);
                }
            } catch (IOException resetAfterAnswer) {
                // Jetty may reset the connection after answering a request it could not read
            }
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
