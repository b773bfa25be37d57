/* catalogue.h — rules about catalogue items (执法事项目录, R2, R8, R9) that
 * need no database: which version is in force on a day, and whether a user
 * may use an item (open a case or inspection on it).
 *
 * Pure: no I/O, thread-safe. Later modules (cases, inspections) call
 * zf_catalogue_check_use() before they accept an item. */
#ifndef ZF_CORE_CATALOGUE_H
#define ZF_CORE_CATALOGUE_H

#include <stddef.h>

#include "core/error.h"

/* The fields of an item version that the rules look at. */
typedef struct zf_cat_use {
    const char *code; /* "AQ-099-01" */
    const char *title;
    int delegable; /* 可委托乡镇（街道）实施 */
    const char *violation_basis;
    const char *penalty_basis;
} zf_cat_use_t;

/* The clause of the district plan under which simple items are delegated to
 * township offices (R2), quoted in refusals. */
extern const char ZF_CATALOGUE_DELEGATION_CLAUSE[];

/* May a user with this role use this item (open a case or an inspection on
 * it)? 0 when yes; otherwise ZF_EPERM with err:
 *  - 403 perm.denied: the role never uses items (auxiliary: R3 helpers are
 *    never one of the two officers; legal reviewers, the city supervisor and
 *    the administrator do not handle cases);
 *  - 403 catalogue.not_delegated: a township officer and an item the district
 *    keeps; the message says so and cites the plan's clause (R2);
 *  - 400 catalogue.no_legal_basis: an item without legal basis (R9; the store
 *    refuses to save one, this is the second line). */
int zf_catalogue_check_use(const char *role, const zf_cat_use_t *item, zf_error_t *err);

/* Index of the version in force on `date` among `n` versions whose
 * effective_from dates (YYYY-MM-DD) are given in ascending order: the last
 * one on or before the date; -1 when none is in force yet. */
int zf_catalogue_in_force(const char *const *effective_from, size_t n, const char *date);

#endif
