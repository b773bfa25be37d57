/* Unit tests for the content-addressed blob store (store/blobs, migration
 * 014): the type comes from the content (B01 …, including a script named
 * like a photo), the name is the SHA-256 of the bytes, storing the same
 * bytes twice is one file and one row, and the file read back is the bytes
 * stored. A real SQLite file and a real data directory under TMPDIR. */
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

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_put_get),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
