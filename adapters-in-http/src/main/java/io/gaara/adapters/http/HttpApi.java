package io.gaara.adapters.http;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.gaara.application.port.in.UseCases;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Handler;
import io.javalin.json.JavalinJackson;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * Gaara's HTTP API on Javalin: the JSON mapper configured once, every route registered here, one exception mapper.
 * Build it with {@link #create}, then {@link HttpServer#start()}.
 */
public final class HttpApi {
    public static final String PREFIX = "/api/v1/auth";
    private static final String METHOD_OVERRIDE = "X-HTTP-Method-Override";
    /** How long a browser may reuse a preflight's answer. */
    private static final Duration CORS_MAX_AGE = Duration.ofMinutes(10);

    private HttpApi() {}

    public static HttpServer create(UseCases useCases, HttpSettings settings, List<ReadinessProbe> probes) {
        ObjectMapper mapper = objectMapper();
        ProblemMapper problems = new ProblemMapper(mapper);
        AuthHandlers auth = new AuthHandlers(useCases, mapper);
        SessionHandlers sessions = new SessionHandlers(useCases);
        HealthHandlers health = new HealthHandlers(probes, settings.readinessCacheFor());
        HashingLane hashing = new HashingLane(settings.hashing());
        PasswordHandlers passwords = new PasswordHandlers(useCases, mapper, hashing);
        AccountHandlers accounts = new AccountHandlers(useCases, mapper, hashing);
        ClientAddresses clients = new ClientAddresses(settings.trustedProxies());
        OpenApiHandlers openapi = new OpenApiHandlers(mapper);

        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jsonMapper(new JavalinJackson(mapper, false));
            cfg.http.maxRequestSize = settings.maxRequestBytes();
            cfg.http.prefer405over404 = true;
            cfg.jetty.host = settings.host();
            cfg.jetty.port = settings.port();
            if (!settings.corsOrigins().isEmpty()) {
                // preflights answered per the Fetch standard for these origins only; the bearer token travels in a
                // header, never a cookie, so no credentials mode
                cfg.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
                    settings.corsOrigins().forEach(rule::allowHost);
                    rule.exposeHeader("WWW-Authenticate");
                    rule.exposeHeader("Retry-After");
                    rule.maxAge = (int) CORS_MAX_AGE.toSeconds();
                }));
            }
            cfg.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
                // a body trickling in slower than this is cut off (408): the thread reading it is a request thread
                http.setMinRequestDataRate(settings.timeouts().minBodyBytesPerSecond());
            });

            cfg.jetty.modifyServer(server -> {
                // errors Jetty answers itself (431, bad URI, 503 while draining) speak problem+json too
                server.setErrorHandler(new JettyProblemErrorHandler(problems, settings.hsts()));
                // stop() then stops accepting, lets requests in flight finish, and only then closes connections
                server.insertHandler(new GracefulHandler());
                server.setStopTimeout(settings.drainTimeout().toMillis());
                // past this many open connections the server stops accepting until some close
                server.addBean(new NetworkConnectionLimit(settings.maxConnections(), server));
                // Javalin adds its connector just before the start: idle and request-head timeouts go on it then
                server.addEventListener(new LifeCycle.Listener() {
                    @Override
                    public void lifeCycleStarting(LifeCycle event) {
                        for (Connector connector : server.getConnectors()) {
                            if (connector instanceof AbstractConnector network) {
                                network.setIdleTimeout(
                                        settings.timeouts().idle().toMillis());
                            }
                            connector.addBean(new RequestHeadDeadline(
                                    connector, settings.timeouts().head()));
                        }
                    }
                });
            });

            cfg.routes.before(ctx -> {
                // first, so that a refusal below carries them too
                ResponseHeaders.apply(ctx::header, settings.hsts());
                ctx.attribute(Requests.BODY_LIMIT, settings.maxRequestBytes());
                // refused before anything reads the body, so Jetty never invites it with "100 Continue"
                if (ctx.req().getContentLengthLong() > settings.maxRequestBytes()) {
                    throw new BadRequestException(ProblemKind.PAYLOAD_TOO_LARGE, "The request body exceeds the limit.");
                }
                // Javalin routes by this header when present: a GET could end a session, a form POST every session
                if (ctx.req().getHeader(METHOD_OVERRIDE) != null) {
                    throw new BadRequestException(
                            ProblemKind.MALFORMED_REQUEST,
                            METHOD_OVERRIDE + " is not supported; send the method itself.");
                }
                // who the client is, once: the peer, or what a trusted proxy forwarded
                ctx.attribute(
                        Requests.CLIENT_IP,
                        clients.clientOf(
                                ctx.req().getRemoteAddr(),
                                Requests.joined(ctx, "Forwarded"),
                                Requests.joined(ctx, "X-Forwarded-For")));
            });

            cfg.routes.post(PREFIX + "/register", inLane(hashing, auth::register));
            cfg.routes.post(PREFIX + "/login", inLane(hashing, auth::login));
            cfg.routes.post(PREFIX + "/password/change", inLane(hashing, passwords::change));
            cfg.routes.post(PREFIX + "/password/forgot", passwords::forgot);
            cfg.routes.post(PREFIX + "/password/reset", inLane(hashing, passwords::reset));
            cfg.routes.post(PREFIX + "/email/verify", accounts::verify);
            cfg.routes.post(PREFIX + "/email/verify/resend", accounts::resend);
            cfg.routes.post(PREFIX + "/email/change", inLane(hashing, accounts::changeEmail));
            cfg.routes.post(PREFIX + "/refresh", auth::refresh);
            cfg.routes.post(PREFIX + "/logout", auth::logout);
            cfg.routes.post(PREFIX + "/logout-all", auth::logoutAll);
            get(cfg, PREFIX + "/me", auth::me);
            cfg.routes.delete(PREFIX + "/me", inLane(hashing, accounts::delete));
            get(cfg, PREFIX + "/sessions", sessions::list);
            cfg.routes.delete(PREFIX + "/sessions/{id}", sessions::end);
            get(cfg, "/health/live", health::live);
            get(cfg, "/health/ready", health::ready);
            get(cfg, OpenApiHandlers.PATH, openapi::serve);

            cfg.routes.exception(Exception.class, problems::handle);
            for (int status : new int[] {400, 404, 405, 413, 415}) {
                cfg.routes.error(status, "*", ctx -> {
                    if (!ProblemMapper.PROBLEM_JSON.equals(ctx.res().getContentType())) {
                        problems.handleFramework(status, ctx);
                    }
                });
            }
        });
        return new HttpServer(app, settings.drainTimeout(), hashing);
    }

    /**
     * A route that hashes a password runs in the hashing lane, off the request threads: the body is read here (size and
     * media-type errors answer at once), then the request thread is released until the lane has answered, or has turned
     * the request away with 503. A handler that asked to hold its answer ({@link Requests#holdAnswer}) is answered when
     * the hold ends.
     */
    private static Handler inLane(HashingLane lane, Handler handler) {
        return ctx -> {
            Requests.body(ctx);
            ctx.future(() -> lane.run(() -> handler.handle(ctx))
                    .thenCompose(handled -> lane.answerAfter(Requests.heldFor(ctx))));
        };
    }

    /**
     * A GET route and its HEAD twin running the same handler (Jetty sends no body for HEAD). Javalin alone answers HEAD
     * on a GET route with 200 without running the handler, so a HEAD on a protected route skipped authentication (RFC
     * 9110 §9.3.2: HEAD is GET without content).
     */
    private static void get(JavalinConfig cfg, String path, Handler handler) {
        cfg.routes.get(path, handler);
        cfg.routes.head(path, handler);
    }

    static ObjectMapper objectMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // a body with a key twice is ambiguous: which password did the client mean?
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }
}
