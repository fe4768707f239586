/* Writes COPIES copies of a panel CSV (benchmarks/gen_data.py's layout: y,x1..x5,id,t) one after the other, copy c
 * with its entity ids shifted by c * SHIFT, so that the copies are distinct entities over the same periods.
 * Used for the 10^8-row benchmark (issue 22): ten copies of panel_1e7.csv, made in seconds where pandas needs an
 * hour on a loaded machine. Every copy has the same within-entity variation, so the two-way FE coefficients of the
 * replicated file equal those of the original (a check on the 10^8 run); the standard errors shrink.
 *   cc -O2 -o /tmp/replicate_panel benchmarks/replicate_panel.c
 *   /tmp/replicate_panel benchmarks/data/panel_1e7.csv 10 100000 > benchmarks/data/panel_1e8.csv
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: replicate_panel IN.csv COPIES SHIFT > OUT.csv\n"); return 2; }
    long copies = atol(argv[2]), shift = atol(argv[3]);
    static char line[1 << 16];
    for (long c = 0; c < copies; c++) {
        FILE *in = fopen(argv[1], "r");
        if (!in) { perror(argv[1]); return 1; }
        if (!fgets(line, sizeof line, in)) { fprintf(stderr, "empty file\n"); return 1; }
        if (c == 0) fputs(line, stdout);
        while (fgets(line, sizeof line, in)) {
            /* Field 7 (the id): the text after the sixth comma, up to the next comma. */
            char *p = line;
            for (int k = 0; k < 6 && p; k++) { p = strchr(p, ','); if (p) p++; }
            char *end = p ? strchr(p, ',') : NULL;
            if (!p || !end) { fprintf(stderr, "a row without 8 fields\n"); return 1; }
            fwrite(line, 1, (size_t)(p - line), stdout);
            printf("%ld", atol(p) + c * shift);
            fputs(end, stdout);
        }
        fclose(in);
    }
    return ferror(stdout) ? 1 : 0;
}
