package io.gaara.adapters.secrets.aws;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * {@code moto_server} (the AWS emulator, moto 5.2.x) started once per test JVM on a free port, so the AWS adapters are
 * tested against real Secrets Manager and KMS calls on the wire.
 *
 * <p>Use {@link #shared()} from any test (bootstrap's end-to-end tests take it from this module's test-jar); the first
 * call starts the server, a shutdown hook stops it. Clients from {@link #secretsManagerClient()} and
 * {@link #kmsClient()} use fake static credentials ({@value #ACCESS_KEY_ID}/{@value #SECRET_ACCESS_KEY}) in
 * {@link #REGION}, and the production timeouts and retries of {@link AwsSecretsClients}. For a server process that
 * reads its endpoint from the environment, pass {@link #endpoint()} as {@code AWS_ENDPOINT_URL} with the same fake
 * credentials and region.
 *
 * <p>When {@code moto_server} cannot be found or started this throws: AWS tests fail rather than skip, so a CI machine
 * without the emulator cannot pass by testing nothing. It is looked up as the system property
 * {@value #EXECUTABLE_PROPERTY}, else the variable {@value #EXECUTABLE_VARIABLE}, else {@code moto_server} on the
 * {@code PATH} ({@code pip install 'moto[server]==5.2.1'}).
 */
public final class MotoServer {
    public static final Region REGION = Region.US_EAST_1;
    public static final String ACCESS_KEY_ID = "testing";
    public static final String SECRET_ACCESS_KEY = "testing";
    public static final String EXECUTABLE_PROPERTY = "gaara.test.motoServer";
    public static final String EXECUTABLE_VARIABLE = "MOTO_SERVER";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final int START_ATTEMPTS = 3;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static MotoServer shared;

    private final Process process;
    private final URI endpoint;
    private final Path logFile;

    private MotoServer(Process process, URI endpoint, Path logFile) {
        this.process = process;
        this.endpoint = endpoint;
        this.logFile = logFile;
    }

    /**
     * The server of this JVM, started on first use.
     *
     * @throws IllegalStateException when {@code moto_server} is missing or does not come up
     */
    public static synchronized MotoServer shared() {
        if (shared == null || !shared.process.isAlive()) {
            shared = start();
        }
        return shared;
    }

    /** {@code http://127.0.0.1:<port>}: every service moto emulates answers here. */
    public URI endpoint() {
        return endpoint;
    }

    /** Forgets every secret and key ({@code POST /moto-api/reset}), for tests that need an empty account. */
    public void reset() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("moto_server reset answered HTTP " + response.statusCode());
        }
    }

    /** A new client for this server; the caller closes it. */
    public SecretsManagerClient secretsManagerClient() {
        return AwsSecretsClients.configure(SecretsManagerClient.builder(), REGION, credentials(), endpoint)
                .build();
    }

    /** A new client for this server; the caller closes it. */
    public KmsClient kmsClient() {
        return AwsSecretsClients.configure(KmsClient.builder(), REGION, credentials(), endpoint)
                .build();
    }

    /** Creates a symmetric KMS key in the emulator and returns its id, to encrypt seeded secrets under. */
    public String createKmsKey() {
        try (KmsClient kms = kmsClient()) {
            return kms.createKey(r -> r.description("gaara test key"))
                    .keyMetadata()
                    .keyId();
        }
    }

    /** The fake credentials moto accepts. */
    public static AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY));
    }

    /** Where the server's own output goes (request lines, never request bodies), for diagnosing a failed test. */
    public Path logFile() {
        return logFile;
    }

    @Override
    public String toString() {
        return "MotoServer[" + endpoint + ", pid " + process.pid() + "]";
    }

    private static MotoServer start() {
        String executable = executable()
                .orElseThrow(() -> new IllegalStateException(
                        "moto_server not found: the AWS Secrets Manager tests need it (install with "
                                + "pip install 'moto[server]==5.2.1', or point -D" + EXECUTABLE_PROPERTY + " or "
                                + EXECUTABLE_VARIABLE + " at it); they fail rather than skip without it"));
        List<String> failures = new ArrayList<>();
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = freePort();
            Path log = logFileFor(port);
            Process process;
            try {
                process = new ProcessBuilder(executable, "-p", Integer.toString(port), "-H", "127.0.0.1")
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot run " + executable + ": " + e.getMessage(), e);
            }
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            if (awaitReady(process, endpoint)) {
                MotoServer server = new MotoServer(process, endpoint, log);
                Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "moto-server-stop"));
                return server;
            }
            // another process may have taken the port between probing and binding: try another
            stop(process);
            failures.add("port " + port + ": " + tail(log));
        }
        throw new IllegalStateException(executable + " did not answer GET /moto-api/ within " + STARTUP_TIMEOUT + " ("
                + START_ATTEMPTS + " attempts): " + String.join("; ", failures));
    }

    private static boolean awaitReady(Process process, URI endpoint) {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        HttpRequest probe = HttpRequest.newBuilder(endpoint.resolve("/moto-api/"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (HTTP.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for moto_server", e);
            }
            sleep(100);
        }
        return false;
    }

    private void stop() {
        stop(process);
    }

    private static void stop(Process process) {
        // a pyenv shim or wrapper script may have started the Python process as a child
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                children.forEach(ProcessHandle::destroyForcibly);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static Optional<String> executable() {
        String configured = System.getProperty(EXECUTABLE_PROPERTY, System.getenv(EXECUTABLE_VARIABLE));
        if (configured != null && !configured.isBlank()) {
            return Optional.of(configured);
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, "moto_server");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static Path logFileFor(int port) {
        try {
            Path target = Path.of("target");
            return Files.isDirectory(target)
                    ? target.resolve("moto-server-" + port + ".log").toAbsolutePath()
                    : Files.createTempFile("moto-server-" + port + "-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no output: " + log + ")";
        }
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("moto_server at " + request.uri() + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
