/*
 * The C reference implementation's argon2id throughput on N threads: the physical ceiling for
 * password logins on this machine, to set Gaara's login rate against.
 *
 *   gcc -O2 -o argon2-ref argon2-ref.c -largon2 -lpthread   (Debian: apt-get install libargon2-dev)
 *   ./argon2-ref THREADS SECONDS [M_KIB T P]
 *
 * Same parameters as Gaara's defaults (m=19456 KiB, t=2, p=1, 16-byte salt, 32-byte hash). Each
 * thread calls argon2id_hash_encoded() in a loop, as argon2-jvm does per login; it allocates the
 * 19 MiB work area on every call, also as argon2-jvm does.
 */
#include <argon2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double seconds;
static uint32_t m_kib = 19456, t_cost = 2, parallelism = 1;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *worker(void *arg) {
    long *count = arg;
    const char *password = "correct horse battery staple";
    unsigned char salt[16];
    char encoded[128];
    double end = now() + seconds;
    for (int i = 0; i < 16; i++) salt[i] = (unsigned char)(i * 7 + 1);
    while (now() < end) {
        salt[0]++;
        int rc = argon2id_hash_encoded(t_cost, m_kib, parallelism, password, strlen(password), salt, sizeof salt, 32,
                                       encoded, sizeof encoded);
        if (rc != ARGON2_OK) {
            fprintf(stderr, "argon2: %s\n", argon2_error_message(rc));
            exit(1);
        }
        (*count)++;
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s THREADS SECONDS [M_KIB T P]\n", argv[0]);
        return 2;
    }
    int threads = atoi(argv[1]);
    seconds = atof(argv[2]);
    if (argc >= 6) {
        m_kib = (uint32_t)atoi(argv[3]);
        t_cost = (uint32_t)atoi(argv[4]);
        parallelism = (uint32_t)atoi(argv[5]);
    }
    pthread_t ids[threads];
    long counts[threads];
    double start = now();
    for (int i = 0; i < threads; i++) {
        counts[i] = 0;
        pthread_create(&ids[i], NULL, worker, &counts[i]);
    }
    long total = 0;
    for (int i = 0; i < threads; i++) {
        pthread_join(ids[i], NULL);
        total += counts[i];
    }
    double elapsed = now() - start;
    printf("{\"threads\": %d, \"seconds\": %.2f, \"hashes\": %ld, \"hashesPerSecond\": %.1f, \"m_kib\": %u, \"t\": %u, \"p\": %u}\n",
           threads, elapsed, total, total / elapsed, m_kib, t_cost, parallelism);
    return 0;
}
