/* Unit tests for the content-addressed blob store (store/blobs, migration
 * 014): the type comes from the content (B01 …, including a script named
 * like a photo), the name is the SHA-256 of the bytes, storing the same
 * bytes twice is one file and one row, and the file read back is the bytes
 * stored. A real SQLite file and a real data directory under TMPDIR. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "store/blobs.h"
#include "store/db.h"
#include "store/migrate.h"

static const struct {
    const char *id;
    const char *bytes;
    size_t len;
    const char *want; /* NULL: refused */
} sniff_cases[] = {
    {"B01", "\xFF\xD8\xFF\xE0\0\x10JFIF", 10, "image/jpeg"},
    {"B02", "\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16, "image/png"},
    {"B03", "RIFF\x10\0\0\0WEBPVP8 ", 16, "image/webp"},
    {"B04", "%PDF-1.7\n", 9, "application/pdf"},
    {"B05",
     "\0\0\0\x18"
     "ftypmp42",
     12, "video/mp4"},
    {"B06", "#!/bin/sh\nrm -rf /\n", 19, NULL},  /* a script called photo.jpg */
    {"B07", "<svg onload=alert(1)>", 21, NULL},  /* SVG can carry script: refused */
    {"B08", "\xFF\xD8", 2, NULL},                /* truncated JPEG magic */
    {"B09", "", 0, NULL},                        /* empty */
    {"B10", "RIFF\x10\0\0\0WAVEfmt ", 16, NULL}, /* RIFF but not WebP */
};

static void test_sniff(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof sniff_cases / sizeof sniff_cases[0]; i++) {
        const char *got = zf_blob_sniff(sniff_cases[i].bytes, sniff_cases[i].len);
        if (!sniff_cases[i].want) {
            if (got) fail_msg("%s: want refused, got %s", sniff_cases[i].id, got);
        } else if (!got || strcmp(got, sniff_cases[i].want) != 0) {
            fail_msg("%s: want %s, got %s", sniff_cases[i].id, sniff_cases[i].want,
                     got ? got : "(refused)");
        }
    }
}

/* A ZIP archive with the given entry names (stored, empty entries): local
 * headers, central directory, end record — enough for the sniffer, which
 * reads the central directory only. */
static size_t make_zip(unsigned char *out, size_t cap, const char *const *names, size_t n) {
    size_t at = 0, offsets[8];
    for (size_t i = 0; i < n; i++) {
        size_t nl = strlen(names[i]);
        if (at + 30 + nl > cap) return 0;
        offsets[i] = at;
        memset(out + at, 0, 30);
        memcpy(out + at, "PK\x03\x04", 4);
        out[at + 26] = (unsigned char)nl;
        memcpy(out + at + 30, names[i], nl);
        at += 30 + nl;
    }
    size_t cd = at;
    for (size_t i = 0; i < n; i++) {
        size_t nl = strlen(names[i]);
        if (at + 46 + nl > cap) return 0;
        memset(out + at, 0, 46);
        memcpy(out + at, "PK\x01\x02", 4);
        out[at + 28] = (unsigned char)nl;
        out[at + 42] = (unsigned char)(offsets[i] & 0xFF);
        out[at + 43] = (unsigned char)(offsets[i] >> 8);
        memcpy(out + at + 46, names[i], nl);
        at += 46 + nl;
    }
    if (at + 22 > cap) return 0;
    memset(out + at, 0, 22);
    memcpy(out + at, "PK\x05\x06", 4);
    out[at + 8] = out[at + 10] = (unsigned char)n;
    out[at + 12] = (unsigned char)((at - cd) & 0xFF);
    out[at + 13] = (unsigned char)((at - cd) >> 8);
    out[at + 16] = (unsigned char)(cd & 0xFF);
    out[at + 17] = (unsigned char)(cd >> 8);
    return at + 22;
}

/* M01…: the materials of notices (issue 11, migration 041) — PDF, JPEG,
 * PNG, DOCX and XLSX by the ZIP's central directory, UTF-8 text; refused:
 * WebP and MP4 (evidence types, not materials), a plain ZIP, a ZIP with
 * both word/ and xl/, a truncated or lying ZIP, GBK text, a NUL byte,
 * an ELF executable, empty input. */
static void test_sniff_material(void **state) {
    (void)state;
    unsigned char z[1024];
    static const char *const docx[] = {"[Content_Types].xml", "_rels/.rels", "word/document.xml"};
    static const char *const xlsx[] = {"[Content_Types].xml", "xl/workbook.xml"};
    static const char *const plain[] = {"readme.txt"};
    static const char *const both[] = {"[Content_Types].xml", "word/a.xml", "xl/b.xml"};
    static const char *const notypes[] = {"word/document.xml"};
    size_t n = make_zip(z, sizeof z, docx, 3);
    assert_string_equal(zf_blob_sniff_material(z, n), ZF_MIME_DOCX); /* M01 */
    n = make_zip(z, sizeof z, xlsx, 2);
    assert_string_equal(zf_blob_sniff_material(z, n), ZF_MIME_XLSX); /* M02 */
    for (size_t cut = 2; cut < n; cut++) /* M03: every truncation (from "PK" on) */
        assert_null(zf_blob_sniff_material(z, cut));
    n = make_zip(z, sizeof z, plain, 1);
    assert_null(zf_blob_sniff_material(z, n)); /* M04 */
    n = make_zip(z, sizeof z, both, 3);
    assert_null(zf_blob_sniff_material(z, n)); /* M05 */
    n = make_zip(z, sizeof z, notypes, 1);
    assert_null(zf_blob_sniff_material(z, n)); /* M06 */
    n = make_zip(z, sizeof z, docx, 3);
    z[n - 22 + 16] = 0xFF; /* M07: the directory said to be past the end */
    assert_null(zf_blob_sniff_material(z, n));
    assert_string_equal(zf_blob_sniff_material("%PDF-1.7\n", 9), "application/pdf"); /* M08 */
    assert_string_equal(zf_blob_sniff_material("\xFF\xD8\xFF\xE0", 4), "image/jpeg");
    assert_string_equal(zf_blob_sniff_material("\x89PNG\r\n\x1A\n", 8), "image/png");
    assert_null(zf_blob_sniff_material("RIFF\x10\0\0\0WEBPVP8 ", 16)); /* M09 */
    assert_null(zf_blob_sniff_material("\0\0\0\x18"
                                       "ftypmp42",
                                       12));
    const char *text = "询问笔录：当事人称\t已整改。\r\n";
    assert_string_equal(zf_blob_sniff_material(text, strlen(text)), "text/plain"); /* M10 */
    assert_string_equal(zf_blob_sniff_material("\xEF\xBB\xBFok", 5), "text/plain");
    assert_null(zf_blob_sniff_material("\xB1\xCA\xC2\xBC", 4)); /* M11: GBK 笔录 */
    assert_null(zf_blob_sniff_material("a\0b", 3));             /* M12 */
    assert_null(zf_blob_sniff_material("\x7F"
                                       "ELF\x02\x01\x01",
                                       7));     /* M13 */
    assert_null(zf_blob_sniff_material("", 0)); /* M14 */
    assert_null(zf_blob_sniff_material("\xEF\xBB\xBF", 3));
}

static void test_names(void **state) {
    (void)state;
    char hex[ZF_BLOB_HEX_LEN];
    zf_blob_sha256_hex("abc", 3, hex); /* FIPS 180-2 example */
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_true(zf_blob_name_valid(hex));
    assert_false(zf_blob_name_valid("../../etc/passwd"));
    assert_false(
        zf_blob_name_valid("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"));
    assert_false(zf_blob_name_valid(""));
    hex[63] = '\0';
    assert_false(zf_blob_name_valid(hex));
}

static void test_put_get(void **state) {
    (void)state;
    const char *tmp = getenv("TMPDIR");
    char dir[512], url[600];
    snprintf(dir, sizeof dir, "%s/zhifa-blobs-%d", tmp && *tmp ? tmp : "/tmp", (int)getpid());
    assert_int_equal(mkdir(dir, 0750), 0);
    snprintf(url, sizeof url, "sqlite:%s/zhifa.db", dir);
    zf_error_t err = {0};
    zf_db_pool_t *pool = zf_db_pool_open(url, 1, &err);
    assert_non_null(pool);
    zf_db_t *db = zf_db_acquire(pool);
    assert_true(zf_store_migrate(db, &err) >= 0);

    static const char png[] = "\x89PNG\r\n\x1A\n some picture bytes";
    char a[ZF_BLOB_HEX_LEN], b[ZF_BLOB_HEX_LEN];
    assert_int_equal(zf_db_begin(db, &err), 0);
    assert_int_equal(zf_store_blob_put(db, dir, png, sizeof png - 1, "image/png", 0, a, &err), 0);
    assert_int_equal(zf_store_blob_put(db, dir, png, sizeof png - 1, "image/png", 0, b, &err), 0);
    assert_int_equal(zf_db_commit(db, &err), 0);
    assert_string_equal(a, b);

    zf_blob_info_t info;
    assert_int_equal(zf_store_blob_get(db, a, &info, &err), 0);
    assert_int_equal(info.size, (int64_t)(sizeof png - 1));
    assert_string_equal(info.mime, "image/png");
    assert_int_equal(zf_store_blob_get(db, "00", &info, &err), ZF_ENOTFOUND);

    uint64_t size = 0;
    int fd = zf_blob_open(dir, a, &size);
    assert_true(fd >= 0);
    assert_int_equal(size, sizeof png - 1);
    char back[64] = {0};
    assert_int_equal(read(fd, back, sizeof back), (ssize_t)(sizeof png - 1));
    close(fd);
    assert_memory_equal(back, png, sizeof png - 1);
    assert_true(zf_blob_open(dir, "../zhifa.db", &size) < 0);

    /* one row for the two puts */
    zf_stmt_t *st = zf_db_prepare(db, "SELECT count(*) FROM blobs", &err);
    assert_non_null(st);
    assert_int_equal(zf_stmt_step(st, &err), 1);
    assert_int_equal(zf_stmt_int(st, 0), 1);
    zf_stmt_done(st);

    zf_db_release(pool, db);
    zf_db_pool_close(pool);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* B-RACE: threads storing the same bytes at the same moment (two renders of
 * one document racing for its number) each succeed: they shared one temp
 * name per process, and the second rename found the file gone (503). */
typedef struct race_arg {
    const char *dir;
    int failures;
} race_arg_t;

static void *race_writer(void *p) {
    race_arg_t *r = p;
    static const char pdf[] = "%PDF-1.7\n the same document, written twice at once";
    for (int i = 0; i < 40; i++) {
        char sha[ZF_BLOB_HEX_LEN];
        zf_error_t err = {0};
        char bytes[sizeof pdf + 8];
        int n = snprintf(bytes, sizeof bytes, "%s%d", pdf, i);
        if (zf_blob_write(r->dir, bytes, (size_t)n, sha, &err) != 0) r->failures++;
    }
    return NULL;
}

static void test_same_blob_at_once(void **state) {
    (void)state;
    const char *tmp = getenv("TMPDIR");
    char dir[512];
    snprintf(dir, sizeof dir, "%s/zhifa-blobs-race-%d", tmp && *tmp ? tmp : "/tmp", (int)getpid());
    assert_int_equal(mkdir(dir, 0750), 0);
    enum { THREADS = 6 };
    pthread_t t[THREADS];
    race_arg_t args[THREADS];
    for (int i = 0; i < THREADS; i++) {
        args[i] = (race_arg_t){dir, 0};
        assert_int_equal(pthread_create(&t[i], NULL, race_writer, &args[i]), 0);
    }
    int failures = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        failures += args[i].failures;
    }
    assert_int_equal(failures, 0);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_sniff_material),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_put_get),
        cmocka_unit_test(test_same_blob_at_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
