/* A fresh draw of benchmarks/gen_data.py's `panel-stream` model, written in C for the 10^8-row benchmark (issue 22):
 * pandas' to_csv needs about an hour for 12.7 GB on this machine, this a few minutes.
 *
 * ROWS rows (a multiple of 20,000 x 100): G = ROWS / 100 entities x 125 periods, in blocks of 20,000 entities with
 * exactly 80 % of each block's cells present (selection sampling, so in id then period order); per entity an effect
 * alpha ~ N(0, 1) and an error component u ~ N(0, 0.25); per period gamma ~ N(0, 1);
 * x_k = (0.3 + 0.2 k) alpha + (0.4 - 0.1 k) gamma + N(0, 1) for k = 0..4, y = x . (1, -0.5, 0.25, 2, -1.5) + alpha
 * + gamma + u + N(0, 1). Columns y,x1..x5,id,t; floats with 17 significant digits ("%.17g": pandas writes the
 * shortest text that reads back, 16-17 digits for these numbers, so the file is a few per cent larger). The
 * generator is xoshiro256** seeded by SplitMix64 from SEED, normals by Box-Muller: not numpy's stream, so the
 * numbers differ from gen_data.py's (another draw of the same model).
 *   cc -O2 -o /tmp/gen_panel benchmarks/gen_panel.c -lm
 *   /tmp/gen_panel 1e8 20261203 > benchmarks/data/panel_1e8.csv
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t s[4];

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t next(void) {
    uint64_t r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 45);
    return r;
}

static double unit(void) { return (double)(next() >> 11) * 0x1.0p-53; }

static double normal(void) {
    static int have = 0;
    static double spare;
    if (have) { have = 0; return spare; }
    double u = 1.0 - unit(), v = unit();
    double r = sqrt(-2.0 * log(u));
    spare = r * sin(2 * M_PI * v);
    have = 1;
    return r * cos(2 * M_PI * v);
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: gen_panel ROWS SEED > OUT.csv\n"); return 2; }
    long rows = (long)atof(argv[1]);
    uint64_t z = (uint64_t)atoll(argv[2]);
    for (int k = 0; k < 4; k++) {  /* SplitMix64 */
        z += 0x9E3779B97F4A7C15ULL;
        uint64_t x = z;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
        s[k] = x ^ (x >> 31);
    }
    const long T = 125, block = 20000;
    long g = rows / 100;
    if (rows % 100 || g % block) { fprintf(stderr, "gen_panel: ROWS/100 must be a multiple of %ld\n", block); return 2; }
    const double beta[5] = {1.0, -0.5, 0.25, 2.0, -1.5};
    double gamma[125];
    for (long t = 0; t < T; t++) gamma[t] = normal();
    static char buf[1 << 22];
    setvbuf(stdout, buf, _IOFBF, sizeof buf);
    printf("y,x1,x2,x3,x4,x5,id,t\n");
    for (long b = 0; b < g / block; b++) {
        long cells = block * T, wanted = cells * 4 / 5;
        double alpha = 0, u = 0;
        for (long c = 0; c < cells; c++) {
            long e = c / T, t = c % T;
            if (t == 0) { alpha = normal(); u = 0.5 * normal(); }
            /* Selection sampling (Knuth's algorithm S): exactly `wanted` of the `cells`, in order. */
            if ((double)(cells - c) * unit() >= (double)wanted) continue;
            wanted--;
            double x[5], y = alpha + gamma[t] + u + normal();
            for (int k = 0; k < 5; k++) {
                x[k] = (0.3 + 0.2 * k) * alpha + (0.4 - 0.1 * k) * gamma[t] + normal();
                y += beta[k] * x[k];
            }
            printf("%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%ld,%ld\n", y, x[0], x[1], x[2], x[3], x[4], b * block + e, t);
        }
    }
    return fflush(stdout) == 0 ? 0 : 1;
}
