package io.gaara.adapters.crypto.bench;

import com.password4j.Argon2Function;
import com.password4j.types.Argon2;
import de.mkammerer.argon2.Argon2Advanced;
import de.mkammerer.argon2.Argon2Factory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Chooses the argon2id library by measurement: one hash at the OWASP parameters, one thread, with each candidate. Not a
 * test; run it with {@code mvn -pl adapters-out-crypto -Pbench test-compile exec:exec} (see docs/PERFORMANCE.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Threads(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class Argon2Bench {
    static final int MEMORY_KIB = 19456;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    static final int HASH_LENGTH = 32;
    static final byte[] PASSWORD = "correct horse battery staple".getBytes(StandardCharsets.UTF_8);
    static final byte[] SALT = "somesalt16bytes!".getBytes(StandardCharsets.US_ASCII);

    private Argon2Advanced argon2Jvm;
    private Argon2Function password4j;

    @Setup
    public void setUp() {
        argon2Jvm = Argon2Factory.createAdvanced(Argon2Factory.Argon2Types.ARGON2id, SALT.length, HASH_LENGTH);
        password4j = Argon2Function.getInstance(
                MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_LENGTH, Argon2.ID, Argon2Function.ARGON2_VERSION_13);
        // A benchmark of a library that computes something else would be worthless: all must agree.
        byte[] reference = bouncyCastle();
        if (!Arrays.equals(reference, argon2Jvm()) || !Arrays.equals(reference, password4j())) {
            throw new IllegalStateException("argon2 libraries disagree");
        }
    }

    @Benchmark
    public byte[] argon2Jvm() {
        return argon2Jvm.rawHash(ITERATIONS, MEMORY_KIB, PARALLELISM, PASSWORD, SALT);
    }

    @Benchmark
    public byte[] bouncyCastle() {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(MEMORY_KIB)
                .withIterations(ITERATIONS)
                .withParallelism(PARALLELISM)
                .withSalt(SALT)
                .build());
        byte[] out = new byte[HASH_LENGTH];
        generator.generateBytes(PASSWORD, out);
        return out;
    }

    @Benchmark
    public byte[] password4j() {
        return password4j.hash(PASSWORD, SALT).getBytes();
    }

    public static void main(String[] args) throws RunnerException {
        Argon2Bench check = new Argon2Bench();
        check.setUp();
        System.out.println("all libraries agree: " + HexFormat.of().formatHex(check.bouncyCastle()));
        new Runner(new OptionsBuilder().include(Argon2Bench.class.getName()).build()).run();
    }
}
