package io.gaara.application;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The passwords attackers try first, for {@link io.gaara.domain.PasswordPolicy}: the zxcvbn-ts frequency list shipped
 * as {@code common-passwords.txt} beside this class (its header names the source, version and licence;
 * {@code application/tools/update-common-passwords.sh} regenerates it).
 */
public final class CommonPasswords {
    static final String RESOURCE = "common-passwords.txt";

    // ~18,000 strings: read once, on first use, and shared; the set is immutable.
    private static volatile Set<String> loaded;

    private CommonPasswords() {}

    /** The list as an immutable set of lower-case passwords; read from the classpath on the first call only. */
    public static Set<String> load() {
        Set<String> passwords = loaded;
        if (passwords == null) {
            synchronized (CommonPasswords.class) {
                passwords = loaded;
                if (passwords == null) {
                    passwords = read();
                    loaded = passwords;
                }
            }
        }
        return passwords;
    }

    private static Set<String> read() {
        InputStream in = CommonPasswords.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException(
                    "classpath resource " + RESOURCE + " is missing beside " + CommonPasswords.class.getName());
        }
        Set<String> passwords = new HashSet<>(32_768);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                // The file is lower-case already; the policy's contract depends on it, so make sure.
                passwords.add(line.toLowerCase(Locale.ROOT));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + RESOURCE, e);
        }
        return Set.copyOf(passwords);
    }
}
