package io.gaara.adapters.http;

import io.javalin.Javalin;

/** The running API: start, the port it took, stop (draining requests in flight). */
public final class HttpServer {
    private final Javalin app;

    HttpServer(Javalin app) {
        this.app = app;
    }

    public HttpServer start() {
        app.start();
        return this;
    }

    public int port() {
        return app.port();
    }

    public void stop() {
        app.stop();
    }
}
