/* fuzz_material.c — libFuzzer target: the sniffer of the materials of
 * notices (zf_blob_sniff_material, src/store/blobs.c: the ZIP central
 * directory walk of DOCX/XLSX, UTF-8 text) and the file-name sanitiser
 * (src/core/filename.c), both fed the client's bytes. Never reads out of
 * bounds (ASan), never crashes; a sniffed type is one of the six; an
 * office type only for bytes starting "PK", text only for valid UTF-8; a
 * sanitised name is non-empty UTF-8 of at most 255 bytes with no path
 * separator and no control character. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/filename.h"
#include "core/util.h"
#include "store/blobs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* an exact-size copy, so ASan sees any read past the end */
    uint8_t *p = malloc(size ? size : 1);
    memcpy(p, data, size);
    const char *m = zf_blob_sniff_material(p, size);
    if (m) {
        if (!zf_filename_ext_of_mime(m)) abort();
        if ((strcmp(m, ZF_MIME_DOCX) == 0 || strcmp(m, ZF_MIME_XLSX) == 0) &&
            (size < 4 || memcmp(p, "PK", 2) != 0))
            abort();
        if (strcmp(m, "text/plain") == 0 && !zf_utf8_valid((const char *)p, size)) abort();
    }
    char out[ZF_FILENAME_MAX + 1];
    memset(out, 0x41, sizeof out);
    if (zf_filename_sanitize((const char *)p, size, out, sizeof out) == 0) {
        size_t n = strnlen(out, sizeof out);
        if (n == 0 || n > ZF_FILENAME_MAX || !zf_utf8_valid(out, n)) abort();
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)out[i];
            if (c < 0x20 || c == 0x7F || c == '/' || c == '\\') abort();
        }
        (void)zf_filename_fits_mime(out, m ? m : "application/pdf");
    }
    free(p);
    return 0;
}
