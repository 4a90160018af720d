package io.gaara.adapters.crypto.jwt;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Builds JWTs with the JDK alone, so the attacks in the tests do not depend on the library under test. */
final class HandMadeJwt {
    private HandMadeJwt() {}

    static String b64(String json) {
        return b64(json.getBytes(StandardCharsets.UTF_8));
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String claims(String issuer, String audience, String sub, String sid, String jti, long iat, long exp) {
        return "{\"iss\":\"" + issuer + "\",\"aud\":\"" + audience + "\",\"sub\":\"" + sub + "\",\"sid\":\"" + sid
                + "\",\"jti\":\"" + jti + "\",\"iat\":" + iat + ",\"exp\":" + exp + "}";
    }

    static String unsigned(String header, String payload) {
        return b64(header) + "." + b64(payload) + ".";
    }

    static String hmac(String jcaAlgorithm, byte[] key, String header, String payload) {
        try {
            String input = b64(header) + "." + b64(payload);
            Mac mac = Mac.getInstance(jcaAlgorithm);
            mac.init(new SecretKeySpec(key, jcaAlgorithm));
            return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String rs256(PrivateKey key, String header, String payload) {
        try {
            String input = b64(header) + "." + b64(payload);
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String header(String alg, String typ, String kid) {
        StringBuilder json = new StringBuilder("{\"alg\":\"").append(alg).append('"');
        if (typ != null) {
            json.append(",\"typ\":\"").append(typ).append('"');
        }
        if (kid != null) {
            json.append(",\"kid\":\"").append(kid).append('"');
        }
        return json.append('}').toString();
    }

    static String payloadOf(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    static String headerOf(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
    }
}
