/* Unit tests for core/filename (issue 11, the materials of notices): the
 * names clients send made plain (F01…) and the extension checked against
 * the type sniffed from the content (E01…). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/filename.h"

static const struct {
    const char *id;
    const char *in;
    int rc;
    const char *want;
} names[] = {
    {"F01", "现场检查笔录.pdf", 0, "现场检查笔录.pdf"},
    {"F02", "../../etc/passwd.txt", 0, "passwd.txt"},
    {"F03", "C:\\Users\\张伟\\桌面\\询问笔录.docx", 0, "询问笔录.docx"},
    {"F04",
     "a\x01"
     "b\x7f"
     "c.txt",
     0, "abc.txt"},
    {"F05",
     "a\xC2\x85"
     "b.txt",
     0, "ab.txt"}, /* U+0085, a C1 control */
    {"F06", "x<y>:\"|?*.pdf", 0, "x_y______.pdf"},
    {"F07", "  .hidden.pdf. ", 0, "hidden.pdf"},
    {"F08", "..", -2, NULL},
    {"F09", "dir/", -2, NULL},
    {"F10", "\xB1\xCA\xC2\xBC.txt", -1, NULL}, /* GBK, not UTF-8 */
    {"F11",
     "\xE2\x80\xAE"
     "fdp.exe",
     0,
     "\xE2\x80\xAE"
     "fdp.exe"}, /* RLO kept: the type check decides */
};

static void test_sanitize(void **state) {
    (void)state;
    char out[ZF_FILENAME_MAX + 1];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        int rc = zf_filename_sanitize(names[i].in, strlen(names[i].in), out, sizeof out);
        if (rc != names[i].rc) fail_msg("%s: rc %d, want %d", names[i].id, rc, names[i].rc);
        if (rc == 0 && strcmp(out, names[i].want) != 0)
            fail_msg("%s: got \"%s\", want \"%s\"", names[i].id, out, names[i].want);
    }
    /* F12: 255 bytes pass, 256 do not; the cap of the buffer counts too */
    char longname[300];
    memset(longname, 'a', sizeof longname);
    memcpy(longname + 251, ".pdf", 4);
    assert_int_equal(zf_filename_sanitize(longname, 255, out, sizeof out), 0);
    assert_int_equal(strlen(out), 255);
    assert_int_equal(zf_filename_sanitize(longname, 256, out, sizeof out), -3);
    char small[8];
    assert_int_equal(zf_filename_sanitize("abcdefgh.pdf", 12, small, sizeof small), -3);
    /* F13: a NUL inside the name is dropped like any control */
    assert_int_equal(zf_filename_sanitize("a\0b.txt", 7, out, sizeof out), 0);
    assert_string_equal(out, "ab.txt");
}

static void test_fits(void **state) {
    (void)state;
    const char *docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    assert_true(zf_filename_fits_mime("a.pdf", "application/pdf")); /* E01 */
    assert_true(zf_filename_fits_mime("A.PDF", "application/pdf")); /* E02 */
    assert_true(zf_filename_fits_mime("照片.JPEG", "image/jpeg"));
    assert_true(zf_filename_fits_mime("照片.jpg", "image/jpeg"));
    assert_true(zf_filename_fits_mime("说明.docx", docx));
    assert_true(zf_filename_fits_mime("清单.csv", "text/plain"));
    assert_false(zf_filename_fits_mime("report.pdf", "image/png")); /* E03: the lie */
    assert_false(zf_filename_fits_mime("report.pdf.png", "application/pdf"));
    assert_false(zf_filename_fits_mime("report", "application/pdf")); /* E04: no extension */
    assert_false(zf_filename_fits_mime("report.", "application/pdf"));
    assert_false(zf_filename_fits_mime("a.doc", docx));
    assert_false(zf_filename_fits_mime("a.pdf", "video/mp4")); /* E05: not a material */
    assert_false(zf_filename_fits_mime("a.verylongext", "text/plain"));
    assert_string_equal(zf_filename_ext_of_mime("image/jpeg"), "jpg");
    assert_null(zf_filename_ext_of_mime("image/webp"));
    assert_string_equal(zf_filename_type_name(docx), "Word 文档");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sanitize),
        cmocka_unit_test(test_fits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
