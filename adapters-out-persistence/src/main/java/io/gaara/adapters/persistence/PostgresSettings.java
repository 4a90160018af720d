package io.gaara.adapters.persistence;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.postgresql.Driver;
import org.postgresql.jdbc.SslMode;
import org.postgresql.util.PSQLException;

/**
 * Where the database is and how to log in, with the password kept out of the URL so that the URL can be printed and
 * {@link #toString()} never shows the password.
 *
 * @param jdbcUrl a {@code jdbc:postgresql://} URL without credentials
 * @param user the role to log in as
 * @param password the role's password, or null where the server trusts local connections
 * @param maxPoolSize the most connections the pool opens (the revocation listener takes two more)
 */
public record PostgresSettings(String jdbcUrl, String user, String password, int maxPoolSize) {
    private static final String JDBC_PREFIX = "jdbc:postgresql://";
    /** The login's own parameters, which must not stay in the URL. */
    private static final Pattern CREDENTIAL_PARAMETER = Pattern.compile("(?i)[?&;](password|user)=");
    /** Any parameter whose name holds "password" (password, sslpassword, ...), and the user: never printed. */
    private static final Pattern SECRET_PARAMETER =
            Pattern.compile("(?i)([?&;])([^=&;?]*password[^=&;?]*|user)=[^&;]*");
    /** user-info up to the last '@', then a host name (underscores allowed) or bracketed IPv6, then a port */
    private static final Pattern AUTHORITY =
            Pattern.compile("(?:(.*)@)?([A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+])(?::([0-9]{1,5}))?");

    public PostgresSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        if (!jdbcUrl.startsWith(JDBC_PREFIX)) {
            throw new IllegalArgumentException("the database URL must start with " + JDBC_PREFIX);
        }
        // an '@' before the query is user-info, whatever the redaction pattern makes of it (a password with a '/');
        // other parameters naming a password (sslpassword, the client key's) may stay: they are redacted when printed
        if (CREDENTIAL_PARAMETER.matcher(jdbcUrl).find() || jdbcUrl.split("\\?", 2)[0].indexOf('@') >= 0) {
            throw new IllegalArgumentException(
                    "the database URL must not carry credentials; pass the user and password separately");
        }
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("the pool needs at least one connection");
        }
    }

    /**
     * Reads {@code jdbc:postgresql://host:port/db?user=..&password=..} or the
     * {@code postgresql://user:password@host:port/db} form most platforms hand out, taking the credentials out of the
     * URL.
     */
    public static PostgresSettings fromUrl(String url, int maxPoolSize) {
        Objects.requireNonNull(url, "url");
        String user = null;
        String password = null;
        String rest;
        if (url.startsWith("postgresql://") || url.startsWith("postgres://")) {
            URI uri = URI.create(url);
            String userInfo = uri.getRawUserInfo();
            String host = uri.getHost();
            int port = uri.getPort();
            if (host == null) {
                // java.net.URI knows no '_' in a host name (container names have them) nor an '@' left unencoded in a
                // password, and then reads no host at all: such an authority is read here, anything else refused,
                // never passed on as "null" with what follows it, password fragments included
                Matcher authority = AUTHORITY.matcher(uri.getRawAuthority() == null ? "" : uri.getRawAuthority());
                if (!authority.matches()) {
                    throw new IllegalArgumentException("the database URL names no host");
                }
                userInfo = authority.group(1);
                host = authority.group(2);
                port = authority.group(3) == null ? -1 : Integer.parseInt(authority.group(3));
            }
            if (Stream.of(uri.getRawPath(), uri.getRawQuery(), uri.getRawFragment())
                    .anyMatch(part -> part != null && part.indexOf('@') >= 0)) {
                // the user-info ended early, at an unencoded '/', '?' or '#' in the password: what follows, the
                // rest of the password included, would become the path and parameters of a URL that is logged
                throw new IllegalArgumentException(
                        "percent-encode '@', '/', '?' and '#' in the database URL's user name and password");
            }
            if (userInfo != null) {
                String[] parts = userInfo.split(":", 2);
                user = decode(parts[0]);
                password = parts.length > 1 ? decode(parts[1]) : null;
            }
            port = port == -1 ? 5432 : port;
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/postgres" : uri.getRawPath();
            rest = host + ":" + port + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        } else if (url.startsWith(JDBC_PREFIX)) {
            rest = url.substring(JDBC_PREFIX.length());
        } else {
            throw new IllegalArgumentException("the database URL must start with " + JDBC_PREFIX + " or postgresql://");
        }
        int q = rest.indexOf('?');
        String base = q < 0 ? rest : rest.substring(0, q);
        List<String> kept = new ArrayList<>();
        if (q >= 0) {
            for (String param : rest.substring(q + 1).split("&")) {
                String key = param.split("=", 2)[0].toLowerCase(Locale.ROOT);
                String value = param.contains("=") ? decode(param.split("=", 2)[1]) : "";
                switch (key) {
                    case "user" -> user = user == null ? value : user;
                    case "password" -> password = password == null ? value : password;
                    default -> {
                        if (!param.isEmpty()) {
                            kept.add(param);
                        }
                    }
                }
            }
        }
        if (user == null || user.isEmpty()) {
            throw new IllegalArgumentException("the database URL names no user");
        }
        String jdbcUrl = JDBC_PREFIX + base + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
        return new PostgresSettings(jdbcUrl, user, password, maxPoolSize);
    }

    /**
     * {@code url} with any user-info removed, and the value of the {@code user} parameter and of every parameter whose
     * name contains {@code password} (any case: {@code password}, {@code sslpassword}, ...) replaced: safe to log.
     */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        return SECRET_PARAMETER.matcher(url.replaceAll("(?<=//)[^/@?#]*@", "")).replaceAll("$1$2=redacted");
    }

    /**
     * The TLS mode the driver will use for this URL, read as the driver reads it: {@code sslmode}, else
     * {@code verify-full} when {@code ssl=true}, else {@code prefer} (which falls back to plain text and verifies
     * nothing).
     *
     * @throws IllegalArgumentException when {@code sslmode} holds a value the driver refuses
     */
    public String sslMode() {
        try {
            return SslMode.of(parameters()).value;
        } catch (PSQLException e) {
            throw new IllegalArgumentException("sslmode must be one of disable, allow, prefer, require, verify-ca, "
                    + "verify-full; got '" + parameter("sslmode") + "'");
        }
    }

    /** The value of the URL's parameter {@code name} as the driver reads it (decoded), or null when absent. */
    public String parameter(String name) {
        return parameters().getProperty(name);
    }

    /**
     * These settings with {@code options} ({@code key=value&...}) added for each parameter the URL does not set itself:
     * what the deployment adds (say, {@code sslrootcert}) to a URL another system maintains.
     */
    public PostgresSettings withDefaultParameters(String options) {
        Objects.requireNonNull(options, "options");
        List<String> added = new ArrayList<>();
        for (String option : options.split("&")) {
            String key = option.split("=", 2)[0];
            if (!option.isEmpty() && parameter(key) == null) {
                added.add(option);
            }
        }
        if (added.isEmpty()) {
            return this;
        }
        String joined = (jdbcUrl.contains("?") ? "&" : "?") + String.join("&", added);
        return new PostgresSettings(jdbcUrl + joined, user, password, maxPoolSize);
    }

    private Properties parameters() {
        Properties parsed = Driver.parseURL(jdbcUrl, new Properties());
        if (parsed == null) {
            throw new IllegalArgumentException("the database URL is not one the PostgreSQL driver reads");
        }
        return parsed;
    }

    /** The JDBC URL as it may be logged: {@link #redact(String)} of {@link #jdbcUrl()}. */
    public String redactedJdbcUrl() {
        return redact(jdbcUrl);
    }

    @Override
    public String toString() {
        return "PostgresSettings[jdbcUrl=" + redactedJdbcUrl() + ", user=" + user + ", password="
                + (password == null ? "none" : "redacted") + ", maxPoolSize=" + maxPoolSize + "]";
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
