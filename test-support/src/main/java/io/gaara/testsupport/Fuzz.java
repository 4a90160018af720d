package io.gaara.testsupport;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Input shaping the fuzz tests share (Jazzer; docs/SECURITY.md, Fuzzing). libFuzzer mutates raw bytes and learns what
 * reaches new code, but it cannot forge an HMAC or guess a well-formed hash string: these helpers let the fuzzer's
 * bytes choose edits to a genuine input instead, so the parsers also see near misses of what they accept.
 */
public final class Fuzz {
    /**
     * Characters that parsers treat specially somewhere: separators of JWS, URLs, PHC strings and .env lines, padding,
     * quotes, escapes, controls, and the Unicode that trips decoders (NEL, line separators, BOM, a bidi override, a
     * non-character, both halves of a surrogate pair on their own).
     */
    public static final char[] SPECIAL = (".=$:,@/?#&;%+-_ \t\r\n\0\"'\\`{}[]<>*~!^|"
                    + "\u0085\u00a0\u00e9\u2028\u2029\u200b\u202e\ufeff\uffff\ud800\udc00")
            .toCharArray();

    private Fuzz() {}

    /**
     * Up to {@code maxEdits} edits of {@code seed}, each chosen by the fuzzer: bit flips, cuts, insertions, padding.
     */
    public static String edit(String seed, FuzzedDataProvider data, int maxEdits) {
        StringBuilder text = new StringBuilder(seed);
        int edits = data.consumeInt(1, maxEdits);
        for (int i = 0; i < edits && data.remainingBytes() > 0; i++) {
            int at = data.consumeInt(0, text.length());
            boolean inside = at < text.length();
            switch (data.consumeInt(0, 7)) {
                case 0 -> {
                    if (inside) {
                        text.setCharAt(at, (char) (text.charAt(at) ^ (1 << data.consumeInt(0, 15))));
                    }
                }
                case 1 -> text.delete(at, Math.min(text.length(), at + data.consumeInt(1, 8)));
                case 2 -> text.insert(at, data.consumeBoolean() ? data.pickValue(SPECIAL) : data.consumeChar());
                case 3 -> {
                    if (inside) {
                        text.setCharAt(at, data.pickValue(SPECIAL));
                    }
                }
                case 4 -> {
                    int end = Math.min(text.length(), at + data.consumeInt(1, 64));
                    text.insert(end, text.substring(at, end));
                }
                case 5 -> text.setLength(at);
                case 6 -> text.append("=".repeat(data.consumeInt(1, 3)));
                default -> {
                    if (inside) {
                        char c = text.charAt(at);
                        text.setCharAt(
                                at, Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
                    }
                }
            }
        }
        return text.toString();
    }

    /** As {@link #edit(String, FuzzedDataProvider, int)}, on bytes: the edits reach inside multi-byte UTF-8. */
    public static byte[] edit(byte[] seed, FuzzedDataProvider data, int maxEdits) {
        byte[] bytes = seed.clone();
        int edits = data.consumeInt(1, maxEdits);
        for (int i = 0; i < edits && data.remainingBytes() > 0; i++) {
            int at = data.consumeInt(0, bytes.length);
            boolean inside = at < bytes.length;
            switch (data.consumeInt(0, 5)) {
                case 0 -> {
                    if (inside) {
                        bytes[at] ^= (byte) (1 << data.consumeInt(0, 7));
                    }
                }
                case 1 -> bytes = splice(bytes, at, Math.min(bytes.length, at + data.consumeInt(1, 8)), new byte[0]);
                case 2 -> bytes = splice(bytes, at, at, data.consumeBytes(data.consumeInt(1, 8)));
                case 3 -> {
                    if (inside) {
                        bytes[at] = data.consumeByte();
                    }
                }
                case 4 -> {
                    int end = Math.min(bytes.length, at + data.consumeInt(1, 64));
                    bytes = splice(bytes, end, end, Arrays.copyOfRange(bytes, at, end));
                }
                default -> bytes = Arrays.copyOf(bytes, at);
            }
        }
        return bytes;
    }

    /** The UTF-8 bytes of {@code text}. */
    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] splice(byte[] bytes, int from, int to, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + insert.length);
        out.write(bytes, 0, from);
        out.write(insert, 0, insert.length);
        out.write(bytes, to, bytes.length - to);
        return out.toByteArray();
    }
}
