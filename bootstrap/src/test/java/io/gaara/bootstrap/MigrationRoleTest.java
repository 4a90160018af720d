package io.gaara.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gaara.adapters.secrets.EnvironmentSecretStore;
import io.gaara.bootstrap.config.Settings;
import java.net.URI;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The schema's owner migrates, the server's own login only reads and writes rows: a database set up with the GRANTs
 * docs/OPERATIONS.md gives (Database roles), migrated by {@code GAARA_DATABASE_MIGRATION_URL} or the
 * {@code DATABASE_MIGRATION_URL} secret, served by a runtime role that cannot change the schema.
 */
class MigrationRoleTest {

    /** A fresh database owned by its own role, and a runtime role with the documented GRANTs. */
    private record Roles(String database, String owner, String app, String host) {
        String url(String role) {
            return "postgresql://" + role + ":unused-" + role + "@" + host + "/" + database;
        }

        Connection connect(String role) throws SQLException {
            return DriverManager.getConnection("jdbc:postgresql://" + host + "/" + database, role, "unused");
        }
    }

    private static Roles freshRoles() throws SQLException {
        // roles and databases are the cluster's: only on the embedded server these tests start themselves
        assumeTrue(System.getenv("GAARA_TEST_DATABASE_URL") == null, "needs a superuser on the embedded server");
        URI server = URI.create(TestDatabase.url());
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Roles roles = new Roles(
                "gaara_roles_" + suffix,
                "gaara_owner_" + suffix,
                "gaara_app_" + suffix,
                server.getHost() + ":" + server.getPort());
        try (Connection c = TestDatabase.connect();
                Statement s = c.createStatement()) {
            // as in docs/OPERATIONS.md: the owner makes the database, the runtime role may connect
            s.execute("CREATE ROLE " + roles.owner() + " LOGIN PASSWORD 'unused'");
            s.execute("CREATE ROLE " + roles.app() + " LOGIN PASSWORD 'unused'");
            s.execute("CREATE DATABASE " + roles.database() + " OWNER " + roles.owner());
        }
        try (Connection c = roles.connect(roles.owner());
                Statement s = c.createStatement()) {
            s.execute("REVOKE ALL ON DATABASE " + roles.database() + " FROM PUBLIC");
            s.execute("GRANT CONNECT ON DATABASE " + roles.database() + " TO " + roles.app());
            s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
            s.execute("GRANT USAGE ON SCHEMA public TO " + roles.app());
            s.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "
                    + roles.app());
            s.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO " + roles.app());
        }
        return roles;
    }

    /** Every flow that writes: register, login (and a failed one), me, refresh, sessions, forgot, logout. */
    private static void everyFlow(GaaraServer server) {
        ApiClient api = new ApiClient(server.port());
        String email = TestServers.uniqueEmail();
        String password = "runtime role passphrase";
        assertThat(api.register(email, password).status()).isEqualTo(201);
        assertThat(api.login(email, "not the passphrase").status()).isEqualTo(401);
        var login = api.login(email, password);
        assertThat(login.status()).isEqualTo(200);
        assertThat(api.me(login.text("access_token")).status()).isEqualTo(200);
        var refreshed = api.refresh(login.text("refresh_token"));
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(api.sessions(refreshed.text("access_token")).status()).isEqualTo(200);
        assertThat(api.postJson("/api/v1/auth/password/forgot", "{\"email\":\"" + email + "\"}", null)
                        .status())
                .isEqualTo(202);
        assertThat(api.logout(refreshed.text("refresh_token")).status()).isEqualTo(204);
        assertThat(api.me(refreshed.text("access_token")).status())
                .as("the revocation went through NOTIFY")
                .isEqualTo(401);
        assertThat(api.get("/health/ready").status()).isEqualTo(200);
    }

    private static void ownedByTheOwnerAndTheRuntimeRoleCannotChangeIt(Roles roles) throws SQLException {
        try (Connection c = roles.connect(roles.owner());
                Statement s = c.createStatement()) {
            List<String> installers = column(s, "SELECT DISTINCT installed_by FROM flyway_schema_history");
            assertThat(installers).containsExactly(roles.owner());
            List<String> owners = column(s, "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'");
            assertThat(owners).containsExactly(roles.owner());
        }
        try (Connection c = roles.connect(roles.app());
                Statement s = c.createStatement()) {
            assertThat(column(s, "SELECT count(*)::text FROM users")).containsExactly("1");
            for (String ddl : List.of(
                    "CREATE TABLE planted (id int)",
                    "DROP TABLE audit_events",
                    "ALTER TABLE users ADD COLUMN planted text",
                    "TRUNCATE sessions",
                    "CREATE INDEX planted ON users (email)")) {
                assertThatThrownBy(() -> s.execute(ddl))
                        .as(ddl)
                        .isInstanceOfSatisfying(
                                SQLException.class,
                                e -> assertThat(e.getSQLState())
                                        .as("insufficient privilege, or not the owner")
                                        .isEqualTo("42501"));
            }
        }
    }

    private static List<String> column(Statement s, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    @Test
    void givenAMigrationUrlInTheConfiguration_whenServed_thenTheOwnerMigratesAndTheRuntimeRoleOnlyReadsAndWritesRows()
            throws Exception {
        Roles roles = freshRoles();
        try (GaaraServer server = TestServers.start(Map.of(
                "GAARA_DATABASE_URL", roles.url(roles.app()),
                "GAARA_DATABASE_MIGRATION_URL", roles.url(roles.owner())))) {
            everyFlow(server);
        }
        ownedByTheOwnerAndTheRuntimeRoleCannotChangeIt(roles);
    }

    @Test
    void givenBothLoginsAsSecrets_whenServed_thenTheMigrationSecretMigratesAndTheDatabaseSecretServes()
            throws Exception {
        Roles roles = freshRoles();
        Map<String, String> config = new HashMap<>(Map.of(
                "GAARA_HTTP_PORT", "0",
                "GAARA_ARGON2_MEMORY_KIB", "8192",
                "GAARA_ARGON2_ITERATIONS", "1",
                "GAARA_LOGIN_FAILURE_FLOOR", "0s"));
        config.putAll(TestServers.LOOPBACK_LIMITS_LIFTED);
        config.put("GAARA_DATA_DIR", Files.createTempDirectory("gaara-roles").toString());
        var secrets = new EnvironmentSecretStore(Map.of(
                "JWT_SECRET_KEY",
                TestServers.ACCESS_KEY,
                "JWT_REFRESH_SECRET_KEY",
                TestServers.REFRESH_KEY,
                "DATABASE_URL",
                roles.url(roles.app()),
                "DATABASE_MIGRATION_URL",
                roles.url(roles.owner())));
        try (GaaraServer server = GaaraServer.start(Settings.from(config), secrets, Clock.systemUTC())) {
            everyFlow(server);
        }
        ownedByTheOwnerAndTheRuntimeRoleCannotChangeIt(roles);
    }

    @Test
    void givenOnlyTheRuntimeRole_whenTheSchemaIsNotThere_thenStartupFailsForWantOfTheRightToCreateIt()
            throws Exception {
        Roles roles = freshRoles();
        assertThatThrownBy(() -> TestServers.start(Map.of("GAARA_DATABASE_URL", roles.url(roles.app()))))
                .as("the runtime role alone cannot migrate: the split is real")
                .isNotNull();
    }
}
