/* verify.c — document numbers and verification codes (docs.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/canon.h"
#include "core/sha256.h"
#include "docs/docs.h"

/* Crockford's base32: no I, L, O, U, so a code read aloud or typed from
 * paper has no look-alikes. */
static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

void zf_doc_number_format(char *out, size_t cap, const char *prefix, int year, int64_t seq) {
    /* LAW.md §5.6: （叶）应急罚〔2026〕5号 */
    snprintf(out, cap, "%s〔%d〕%lld号", prefix, year, (long long)seq);
}

int zf_doc_verify_code(const char *kind, const char *number, json_t *fields,
                       const char *template_sha256, char out[ZF_DOC_CODE_LEN + 1]) {
    json_t *o = json_pack("{s:s, s:s, s:O, s:s}", "kind", kind, "number", number, "fields", fields,
                          "template", template_sha256 ? template_sha256 : "");
    if (!o) return -1;
    size_t n;
    char *text = zf_canon_dump(o, &n);
    json_decref(o);
    if (!text) return -1;
    unsigned char md[ZF_SHA256_LEN];
    zf_sha256(text, n, md);
    free(text);
    /* 10 characters × 5 bits = the first 50 bits of the hash */
    uint64_t bits = 0;
    for (int i = 0; i < 8; i++)
        bits = (bits << 8) | md[i];
    for (int i = 0; i < ZF_DOC_CODE_LEN; i++)
        out[i] = crockford[(bits >> (59 - 5 * i)) & 31];
    out[ZF_DOC_CODE_LEN] = 0;
    return 0;
}

int zf_doc_code_normalise(const char *in, char out[ZF_DOC_CODE_LEN + 1]) {
    size_t n = 0;
    for (const char *p = in; p && *p; p++) {
        char c = *p;
        if (c == '-' || c == ' ') continue;
        if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
        if (c == 'O') c = '0';
        if (c == 'I' || c == 'L') c = '1';
        if (!strchr(crockford, c) || c == 0) return -1;
        if (n >= ZF_DOC_CODE_LEN) return -1;
        out[n++] = c;
    }
    if (n != ZF_DOC_CODE_LEN) return -1;
    out[n] = 0;
    return 0;
}
