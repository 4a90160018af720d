package io.gaara.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.domain.Email;
import io.gaara.domain.PasswordHash;
import io.gaara.domain.User;
import io.gaara.domain.UserId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EmbeddedPostgresServerTest {

    @Test
    void givenUserRegisteredOnTheDevelopmentServer_whenTheServerRestartsOnTheSameDirectory_thenTheUserIsStillThere() {
        Path dir = Path.of("target", "embedded-pg", "restart-" + UUID.randomUUID());
        User user = new User(
                UserId.random(),
                new Email("persist@example.com"),
                new PasswordHash("$argon2id$x"),
                Instant.now().truncatedTo(ChronoUnit.MICROS));

        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir, 0);
                PostgresPersistence p = start(server)) {
            p.users().add(user);
        }

        try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(dir, 0);
                PostgresPersistence p = start(again)) {
            assertThat(p.users().findById(user.id())).contains(user);
        }
    }

    @Test
    void givenStartedServer_whenConnectingOnLoopback_thenItAnswersAndTheUrlNamesLoopback() throws Exception {
        EmbeddedPostgresServer server = SharedEmbeddedPostgres.server();

        assertThat(server.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:" + server.port() + "/");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 1000);
            assertThat(socket.isConnected()).isTrue();
        }
        String listen = SharedEmbeddedPostgres.persistence()
                .jdbi()
                .withHandle(h -> h.createQuery("SHOW listen_addresses")
                        .mapTo(String.class)
                        .one());
        assertThat(listen).isEqualTo("127.0.0.1");
    }

    private static PostgresPersistence start(EmbeddedPostgresServer server) {
        return PostgresPersistence.start(
                server.settings(2), SharedEmbeddedPostgres.ACCESS_TOKEN_LIFETIME, Clock.systemUTC());
    }
}
