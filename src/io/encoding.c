/* encoding.c — see encoding.h. */
#include "io/encoding.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/* Strict UTF-8: no overlongs, no surrogates, nothing above U+10FFFF. Returns
 * the offset of the first bad byte, or n when all is well. */
static size_t utf8_bad_offset(const unsigned char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        size_t len;
        unsigned cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xc2 && c <= 0xdf) {
            len = 2;
            cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            len = 3;
            cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            len = 4;
            cp = c & 0x07;
        } else {
            return i;
        }
        if (i + len > n) return i;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xc0) != 0x80) return i;
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
            (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
            return i;
        i += len;
    }
    return n;
}

static int from_gb18030(const char *data, size_t n, char **out, size_t *out_len, size_t *bad_at) {
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1) return -1;
    size_t cap = n * 2 + 16; /* a GB18030 character of 2 bytes is at most 3 in UTF-8, 4 → 4 */
    char *buf = zf_xmalloc(cap);
    char *in = (char *)data, *o = buf;
    size_t inleft = n, outleft = cap - 1;
    int rc = 0;
    while (inleft > 0) {
        size_t r = iconv(cd, &in, &inleft, &o, &outleft);
        if (r == (size_t)-1) {
            if (errno == E2BIG) {
                size_t used = (size_t)(o - buf);
                cap *= 2;
                buf = zf_xrealloc(buf, cap);
                o = buf + used;
                outleft = cap - used - 1;
                continue;
            }
            *bad_at = (size_t)(in - data);
            rc = -1;
            break;
        }
    }
    iconv_close(cd);
    if (rc) {
        free(buf);
        return -1;
    }
    *o = '\0';
    *out = buf;
    *out_len = (size_t)(o - buf);
    return 0;
}

int zf_text_to_utf8(const char *data, size_t n, const char *encoding, char **out, size_t *out_len,
                    const char **used, zf_error_t *err) {
    const char *enc = encoding && *encoding ? encoding : "auto";
    int want_utf8 =
        strcmp(enc, "utf-8") == 0 || strcmp(enc, "utf8") == 0 || strcmp(enc, "UTF-8") == 0;
    int want_gb = strcmp(enc, "gb18030") == 0 || strcmp(enc, "GB18030") == 0 ||
                  strcmp(enc, "gbk") == 0 || strcmp(enc, "GBK") == 0;
    int want_auto = strcmp(enc, "auto") == 0;
    if (!want_utf8 && !want_gb && !want_auto)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "encoding",
                            "不支持的编码“%s”：应为 utf-8、gb18030 或 auto", enc);
    for (size_t i = 0; i < n; i++) {
        if (data[i] == '\0')
            return zf_error_set(err, ZF_EINVAL, 400, "import.encoding", "encoding",
                                "文件第 %zu 字节是 NUL：这不是文本（CSV）文件", i + 1);
    }
    int bom = n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0;
    if (want_utf8 || want_auto) {
        const char *p = data + (bom ? 3 : 0);
        size_t m = n - (bom ? 3 : 0);
        size_t bad = utf8_bad_offset((const unsigned char *)p, m);
        if (bad == m) {
            char *copy = zf_xmalloc(m + 1);
            memcpy(copy, p, m);
            copy[m] = '\0';
            *out = copy;
            *out_len = m;
            *used = "utf-8";
            return 0;
        }
        if (want_utf8)
            return zf_error_set(err, ZF_EINVAL, 400, "import.encoding", "encoding",
                                "文件不是有效的 UTF-8：第 %zu 字节处无法解码。若文件由 Excel/WPS "
                                "另存为 CSV，请选择 GB18030 编码",
                                bad + (bom ? 4 : 1));
    }
    size_t bad_at = 0;
    if (from_gb18030(data, n, out, out_len, &bad_at) == 0) {
        *used = "gb18030";
        return 0;
    }
    return zf_error_set(err, ZF_EINVAL, 400, "import.encoding", "encoding",
                        want_gb ? "文件不是有效的 GB18030 编码：第 %zu 字节处无法解码"
                                : "无法识别文件编码：既不是 UTF-8，也不是 GB18030（第 %zu "
                                  "字节处无法解码）。请另存为“CSV UTF-8”后再导入",
                        bad_at + 1);
}
