/* mask.h — masking of individuals' personal data for public pages (R25).
 *
 * 行政处罚法 第48条 makes penalty decisions public and 第50条 protects 个人隐私
 * (LAW.md §1.6): what the portal shows of a natural person is masked, what
 * it shows of an enterprise (its name, credit code, address) is not. The
 * exact masking format is nowhere in LAW.md, so the formats below follow the
 * common practice of Chinese public notices and say so; a province that
 * prescribes another format changes them here, in one place:
 *
 *   resident ID number (GB 11643, 18 or old 15 digits)
 *       341504199001011234 → 341504********1234   (date of birth hidden)
 *       341504900101123    → 341504******123
 *   mobile number, with or without +86/86, spaces or dashes
 *       +86 138-0564-5678  → +86 138****5678
 *   landline with area code
 *       0564-3312345       → 0564-***2345
 *   an individual's name (given by the caller: only the caller knows which
 *   names in a text are natural persons; enterprise names stay)
 *       张伟 → 张某, 王小明 → 王某某, 欧阳娜娜 → 欧阳某某 (compound surnames kept whole)
 *   an individual's home address (a field, not free text)
 *       安徽省六安市叶集区史河街道幸福路12号 → 安徽省六安市叶集区史河街道****
 *
 * Numbers are found in free text by shape, in ASCII or full-width digits,
 * never inside a longer run of digits or letters (a case number, a credit
 * code, an amount). An 18-character run that is a valid unified social
 * credit code (GB 32100, core/uscc.h) and not a valid ID number is an
 * enterprise's code and stays. Errs towards masking: an ID-shaped number
 * with a wrong check digit is still masked (a typo does not make it less
 * personal).
 *
 * Pure: no I/O; results are allocated in the caller's arena. */
#ifndef ZF_CORE_MASK_H
#define ZF_CORE_MASK_H

#include <stddef.h>

#include "core/arena.h"

typedef struct zf_mask_counts {
    int ids;       /* resident ID numbers masked */
    int mobiles;   /* mobile numbers masked */
    int landlines; /* landline numbers masked */
    int names;     /* occurrences of the given names masked */
} zf_mask_counts_t;

/* A copy of text (UTF-8) with ID numbers, phone numbers and every
 * occurrence of the given individuals' names masked. names may be NULL;
 * names shorter than two characters are ignored (masking one character
 * everywhere would destroy the text). counts may be NULL. Invalid UTF-8 is
 * copied through unchanged byte by byte (the caller validated input). */
char *zf_mask_text(zf_arena_t *a, const char *text, const char *const *names, size_t nnames,
                   zf_mask_counts_t *counts);

/* An individual's name: surname kept, the rest "某" per character. */
char *zf_mask_name(zf_arena_t *a, const char *name);

/* An individual's address: kept up to the last administrative division
 * (省 市 区 县 旗 乡 镇 街道 — not 村, 社区 or 小区, too close to a door),
 * the rest replaced by "****"; "****" when there is none. */
char *zf_mask_address(zf_arena_t *a, const char *address);

#endif
