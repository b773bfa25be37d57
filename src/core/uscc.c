/* uscc.c — see uscc.h. Rules and examples: LAW.md §9 (GB 32100-2015). */
#include "core/uscc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* GB 32100-2015 代码字符集: 31 characters, values 0–30; I, O, Z, S and V
 * are not used (LAW.md §9, pitfall 12). */
static const char charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* W_i = 3^(i−1) mod 31 for i = 1…17 (LAW.md §9). */
static const int weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

int zf_uscc_char_value(char c) {
    if (c == '\0') return -1;
    const char *p = strchr(charset, c);
    return p ? (int)(p - charset) : -1;
}

char zf_uscc_check_char(const char *first17) {
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        int v = zf_uscc_char_value(first17[i]);
        if (v < 0) return '\0';
        sum += v * weights[i];
    }
    /* C18 = 31 − (sum mod 31); 31 maps to 0 (LAW.md §9). */
    return charset[(31 - sum % 31) % 31];
}

/* Decode one UTF-8 sequence at s; returns its length (1 for a bad byte). */
static size_t utf8_next(const unsigned char *s, unsigned *cp) {
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if ((s[0] & 0xe0) == 0xc0 && (s[1] & 0xc0) == 0x80) {
        *cp = ((s[0] & 0x1fu) << 6) | (s[1] & 0x3fu);
        return 2;
    }
    if ((s[0] & 0xf0) == 0xe0 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80) {
        *cp = ((s[0] & 0x0fu) << 12) | ((s[1] & 0x3fu) << 6) | (s[2] & 0x3fu);
        return 3;
    }
    if ((s[0] & 0xf8) == 0xf0 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80 &&
        (s[3] & 0xc0) == 0x80) {
        *cp = ((s[0] & 0x07u) << 18) | ((s[1] & 0x3fu) << 12) | ((s[2] & 0x3fu) << 6) |
              (s[3] & 0x3fu);
        return 4;
    }
    *cp = 0xfffd;
    return 1;
}

size_t zf_uscc_normalize(const char *input, char *out, size_t cap) {
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)(input ? input : "");
    while (*p) {
        unsigned cp;
        size_t len = utf8_next(p, &cp);
        char buf[4];
        size_t blen = 0;
        if (cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0x3000 || cp == 0xa0 ||
            cp == 0xfeff) {
            /* spaces anywhere (pasted from documents), and a stray BOM */
        } else if (cp >= 0xff01 && cp <= 0xff5e) {
            /* 全角 → 半角 */
            char c = (char)(cp - 0xfee0);
            buf[blen++] = (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
        } else if (cp < 0x80) {
            char c = (char)cp;
            buf[blen++] = (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
        } else {
            memcpy(buf, p, len);
            blen = len;
        }
        for (size_t i = 0; i < blen; i++) {
            if (cap && n + 1 < cap) out[n] = buf[i];
            n++;
        }
        p += len;
    }
    if (cap) out[n < cap ? n : cap - 1] = '\0';
    return n;
}

static int fail(zf_uscc_result_t *r, int position, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(zf_uscc_result_t *r, int position, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->reason, sizeof r->reason, fmt, ap);
    va_end(ap);
    r->position = position;
    r->valid = 0;
    return 0;
}

static void warn(zf_uscc_result_t *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(zf_uscc_result_t *r, const char *fmt, ...) {
    if (r->nwarnings >= ZF_USCC_MAX_WARNINGS) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->warnings[r->nwarnings++], sizeof r->warnings[0], fmt, ap);
    va_end(ap);
}

static int all_digits(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

/* 机构类别码 known for a department (LAW.md §9, [二手], "常见"): 9 工商 →
 * 1 企业, 2 个体工商户, 3 农民专业合作社; 1 机构编制 → 1 机关, 2 事业单位,
 * 3 群众团体, 9 其他; 5 民政 → 1 社会团体, 2 民办非企业单位, 3 基金会, 9 其他.
 * NULL when §9 lists none for the department. */
static const char *known_types(char dept) {
    switch (dept) {
    case '9': return "123";
    case '1': return "1239";
    case '5': return "1239";
    default: return NULL;
    }
}

/* GB 11714 check of the 9-character organisation code (positions 9–17):
 * values 0–9, A=10 … Z=35, weights [3,7,9,10,5,8,4,2], c = 11 − (Σ mod 11),
 * 10 → 'X', 11 → '0' (LAW.md §9). Returns the expected 9th character, or
 * '\0' when a character is outside 0–9/A–Z. */
static char gb11714_check(const char *code9) {
    static const int w[8] = {3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 8; i++) {
        char c = code9[i];
        int v = (c >= '0' && c <= '9') ? c - '0' : (c >= 'A' && c <= 'Z') ? c - 'A' + 10 : -1;
        if (v < 0) return '\0';
        sum += v * w[i];
    }
    int c = 11 - sum % 11;
    return c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c);
}

int zf_uscc_check(const char *input, zf_uscc_result_t *r) {
    memset(r, 0, sizeof *r);
    size_t n = zf_uscc_normalize(input, r->normalized, sizeof r->normalized);
    const char *s = r->normalized;
    if (n == 0) return fail(r, 0, "统一社会信用代码为空");
    for (size_t i = 0; i < n && i < sizeof r->normalized - 1; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80 || !((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) {
            size_t pos = 1; /* count characters, not bytes, before i */
            for (size_t j = 0; j < i; j++)
                if (((unsigned char)s[j] & 0xc0) != 0x80) pos++;
            return fail(r, (int)pos,
                        "第%zu位不是数字或英文字母：统一社会信用代码只由数字和大写字母组成", pos);
        }
    }
    if (n == 15 && all_digits(s, 15))
        return fail(r, 0,
                    "这是15位的旧工商注册号，不是统一社会信用代码：请填写营业执照上的18位统一社会"
                    "信用代码（2015年“三证合一”后换发的执照都有）");
    if (n == 9)
        return fail(r, 0,
                    "这像是9位的旧组织机构代码，不是统一社会信用代码：请填写18位统一社会信用代码"
                    "（其第9–17位就是组织机构代码）");
    if (n != ZF_USCC_LEN) return fail(r, 0, "长度应为18位，实际为%zu位", n);
    for (int i = 0; i < ZF_USCC_LEN; i++) {
        if (zf_uscc_char_value(s[i]) < 0)
            return fail(r, i + 1,
                        "第%d位“%c”不在代码字符集中：统一社会信用代码不使用字母 I、O、Z、S、V",
                        i + 1, s[i]);
    }
    /* Position 1: 登记管理部门码 (LAW.md §9 [二手]; A and N [未核实]). */
    char dept = s[0];
    if (dept == 'A' || dept == 'N')
        warn(r, "第1位登记管理部门码“%c”（%s）是否属于标准尚未核实（LAW.md §9）", dept,
             dept == 'A' ? "中央军委改革和编制办公室" : "农业");
    else if (!((dept >= '1' && dept <= '9') || dept == 'Y'))
        return fail(r, 1, "第1位登记管理部门码“%c”无效：应为1–9、A、N或Y", dept);
    const char *types = known_types(dept);
    if (types && !strchr(types, s[1]))
        warn(r, "第2位机构类别码“%c”不在登记管理部门“%c”的常见类别中（%s）", s[1], dept,
             dept == '9' ? "1企业、2个体工商户、3农民专业合作社" : "1、2、3、9");
    if (!all_digits(s + 2, 6)) warn(r, "第3–8位行政区划码“%.6s”应为6位数字", s + 2);
    char expect = zf_uscc_check_char(s);
    if (expect != s[17])
        return fail(
            r, 18,
            "第18位校验码错误：按前17位计算应为“%c”，实际为“%c”（也可能是前17位中某一位录入有误）",
            expect, s[17]);
    char org = gb11714_check(s + 8);
    if (org && org != s[16])
        warn(r, "第9–17位组织机构代码“%.9s”的GB 11714校验位应为“%c”（仅提示，历史数据可能不符）",
             s + 8, org);
    r->valid = 1;
    return 1;
}
