/* uscc.h — the unified social credit code (统一社会信用代码) of
 * GB 32100-2015: normalise what people type or paste, and check it.
 *
 * Source: ../shared/domain/LAW.md §9. Everything there is tagged [二手]
 * (several sources agree, the standard itself was not read). What this module
 * does with each rule:
 *   - 18 characters from the 31-character set (no I, O, Z, S, V), check
 *     character C18 = (31 − Σ value(Ci)·3^(i−1) mod 31) mod 31: REJECTS
 *     (the three worked examples of §9 pass, tests/unit/test_uscc.c);
 *   - position 1, registration department (登记管理部门码) 1–9 or Y:
 *     REJECTS anything else, except A and N, which §9 marks [未核实] (added by
 *     amendment No. 1 of 2016?): accepted with a warning;
 *   - position 2, institution type (机构类别码): §9 lists only the common
 *     ones, so an unlisted type only WARNS;
 *   - positions 3–8, the region code (GB/T 2260), should be digits: WARNS;
 *   - positions 9–17, the organisation code with its own GB 11714 check
 *     character: §9 says optional, warning only (old data must not be
 *     refused): WARNS.
 * Pure: no I/O, no allocation, thread-safe. */
#ifndef ZF_CORE_USCC_H
#define ZF_CORE_USCC_H

#include <stddef.h>

#define ZF_USCC_LEN 18
#define ZF_USCC_MAX_WARNINGS 4

typedef struct zf_uscc_result {
    int valid;           /* 1 when the code may be stored */
    char normalized[80]; /* trimmed, half-width, upper-case (cut at 79 bytes) */
    int position;        /* 1-based position the reason is about, 0 = the whole code */
    char reason[256];    /* Chinese, "" when valid */
    size_t nwarnings;
    char warnings[ZF_USCC_MAX_WARNINGS][160]; /* Chinese; a warning never rejects */
} zf_uscc_result_t;

/* Normalise `input` (NUL-terminated UTF-8): drop every space (ASCII and the
 * full-width U+3000), map full-width ASCII (U+FF01…U+FF5E) to half-width and
 * lower case to upper case. Writes at most cap−1 bytes and a NUL; returns the
 * length it would have had (like snprintf). */
size_t zf_uscc_normalize(const char *input, char *out, size_t cap);

/* Value 0–30 of a character of the code's set, or −1 (I, O, Z, S, V, any
 * other character). */
int zf_uscc_char_value(char c);

/* The check character for the first 17 characters (already normalised), or
 * '\0' when one of them is not in the set. */
char zf_uscc_check_char(const char *first17);

/* Normalise and check `input`; fills *out (always) and returns out->valid. */
int zf_uscc_check(const char *input, zf_uscc_result_t *out);

#endif
