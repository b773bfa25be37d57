/* docs_bench.c — enforcement documents (issue 9): the first document's time
 * (cold: fontconfig, the font files, pango's font map) and the steady rate
 * of one thread rendering the shipped 行政处罚决定书 (two A4 pages, fields of
 * tests/fixtures/documents/decision.json, number, QR code), each PDF
 * complete in memory. Target: >= 30 documents per second per core.
 *   build/bench/zhifa-docs-bench [FIELDS.json] [SECONDS]  */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "docs/docs.h"

static double clock_s(clockid_t id) {
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
static double now_s(void) { return clock_s(CLOCK_MONOTONIC); }
/* CPU time of this (single-threaded) process: on a shared machine the wall
 * clock also counts the time other work had the core; "per core" is this. */
static double cpu_s(void) { return clock_s(CLOCK_PROCESS_CPUTIME_ID); }

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1] : ZF_BENCH_FIELDS;
    double seconds = argc > 2 ? atof(argv[2]) : 3.0;
    json_error_t jerr;
    json_t *fields = json_load_file(path, 0, &jerr);
    if (!fields) {
        fprintf(stderr, "docs-bench: %s: %s\n", path, jerr.text);
        return 1;
    }
    zf_doc_fields_authority(fields, NULL, NULL);
    zf_doc_fields_set(fields, "document.number", "（叶）应急罚〔2026〕1号");
    const char *text = zf_doc_shipped_template("penalty_decision");
    zf_doc_template_t *t = NULL;
    zf_error_t err = {0};
    if (zf_doc_template_parse(text, strlen(text), NULL, &t, &err) != 0) {
        fprintf(stderr, "docs-bench: %s\n", err.message);
        return 1;
    }
    zf_doc_render_opts_t o = {.number = "（叶）应急罚〔2026〕1号",
                              .verify_code = "Z36C9CPC8M",
                              .verify_url = "https://zhifa.example/public/verify/Z36C9CPC8M",
                              .pdf_date = "2026-11-28T10:00:00+08:00"};
    unsigned char *pdf = NULL;
    size_t len = 0;
    int pages = 0;
    double t0 = now_s(), c0 = cpu_s();
    if (zf_doc_render(t, fields, &o, &pdf, &len, &pages, &err) != 0) {
        fprintf(stderr, "docs-bench: %s\n", err.message);
        return 1;
    }
    double cold = now_s() - t0, cold_cpu = cpu_s() - c0;
    free(pdf);
    size_t n = 0;
    double start = now_s(), end = start, cstart = cpu_s();
    while (end - start < seconds) {
        if (zf_doc_render(t, fields, &o, &pdf, &len, &pages, &err) != 0) return 1;
        free(pdf);
        n++;
        end = now_s();
    }
    double per = (end - start) / (double)n, cpu = (cpu_s() - cstart) / (double)n;
    printf("documents: first (cold fonts) %.0f ms (%.0f ms CPU); steady %.1f ms each = %.1f "
           "documents/s on one thread, %.1f ms CPU each = %.1f documents/s per core (%d pages, "
           "%zu KB PDF, %zu runs)\n",
           cold * 1e3, cold_cpu * 1e3, per * 1e3, 1.0 / per, cpu * 1e3, 1.0 / cpu, pages,
           len / 1024, n);
    zf_doc_template_free(t);
    json_decref(fields);
    return 0;
}
