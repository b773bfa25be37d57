/* filename.c — see filename.h. */
#include "core/filename.h"

#include <string.h>

#include "core/util.h"

static const struct {
    const char *mime;
    const char *exts[3]; /* the first is the usual one */
    const char *name;
} TYPES[] = {
    {"application/pdf", {"pdf"}, "PDF 文档"},
    {"image/jpeg", {"jpg", "jpeg"}, "JPEG 图片"},
    {"image/png", {"png"}, "PNG 图片"},
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
     {"docx"},
     "Word 文档"},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {"xlsx"}, "Excel 表格"},
    {"text/plain", {"txt", "csv"}, "纯文本"},
};

static int type_of(const char *mime) {
    if (!mime) return -1;
    for (size_t i = 0; i < sizeof TYPES / sizeof TYPES[0]; i++)
        if (strcmp(TYPES[i].mime, mime) == 0) return (int)i;
    return -1;
}

int zf_filename_sanitize(const char *in, size_t n, char *out, size_t cap) {
    if (!in || !zf_utf8_valid(in, n)) return -1;
    /* the last path component, whichever separator the client's OS used */
    size_t start = 0;
    for (size_t i = 0; i < n; i++)
        if (in[i] == '/' || in[i] == '\\') start = i + 1;
    size_t o = 0;
    for (size_t i = start; i < n; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c < 0x20 || c == 0x7F) continue;
        /* C1 controls are U+0080..U+009F: C2 80..C2 9F in UTF-8 */
        if (c == 0xC2 && i + 1 < n && (unsigned char)in[i + 1] >= 0x80 &&
            (unsigned char)in[i + 1] <= 0x9F) {
            i++;
            continue;
        }
        if (strchr("<>:\"|?*", (char)c) && c != 0) c = '_';
        if (o + 1 >= cap || o >= ZF_FILENAME_MAX) return -3;
        out[o++] = (char)c;
    }
    /* trim spaces and dots at both ends ("..", " a.pdf ", "a.pdf.") */
    size_t b = 0;
    while (b < o && (out[b] == ' ' || out[b] == '.'))
        b++;
    while (o > b && (out[o - 1] == ' ' || out[o - 1] == '.'))
        o--;
    if (o == b) return -2;
    memmove(out, out + b, o - b);
    out[o - b] = '\0';
    return 0;
}

int zf_filename_fits_mime(const char *name, const char *mime) {
    int t = type_of(mime);
    const char *dot = name ? strrchr(name, '.') : NULL;
    if (t < 0 || !dot || !dot[1]) return 0;
    char ext[8];
    size_t n = strlen(dot + 1);
    if (n >= sizeof ext) return 0;
    for (size_t i = 0; i <= n; i++) {
        char c = dot[1 + i];
        ext[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    for (size_t k = 0; k < 3 && TYPES[t].exts[k]; k++)
        if (strcmp(ext, TYPES[t].exts[k]) == 0) return 1;
    return 0;
}

const char *zf_filename_ext_of_mime(const char *mime) {
    int t = type_of(mime);
    return t < 0 ? NULL : TYPES[t].exts[0];
}

const char *zf_filename_type_name(const char *mime) {
    int t = type_of(mime);
    return t < 0 ? NULL : TYPES[t].name;
}
