/* opendata.h — the rules of the open-data files (R14, R25, issue 10) that
 * are not about I/O: who counts as an individual in the inspection file,
 * how such a party is shown, and the local day of a stored instant.
 *
 * The decisions the portal publishes show an organisation as it is and an
 * individual masked (行政处罚法 第50条, api/publications.c: name through
 * zf_mask_name, no ID code). The inspection file shows enterprises of the
 * registry, which has no party kind; the registry's credit code tells the
 * kind: GB 32100-2015 position 1 = 9 (工商/市场监管) and position 2 = 2
 * (个体工商户) is an individual business (LAW.md §9 [二手]; core/uscc.h
 * treats the same table as warnings only). A 个体工商户 is a natural
 * person trading under a name, so it is masked exactly as an individual
 * party of a decision is.
 *
 * Pure: no I/O; results are allocated in the caller's arena. */
#ifndef ZF_CORE_OPENDATA_H
#define ZF_CORE_OPENDATA_H

#include "core/arena.h"

/* The first two characters of a 个体工商户's unified social credit code
 * (登记管理部门码 9 + 机构类别码 2, LAW.md §9 [二手]). The store's search
 * binds it too, so a search never matches an individual's real name. */
#define ZF_OD_INDIVIDUAL_PREFIX "92"

/* 1 when credit_code (normalised, as the registry stores it) is an
 * individual business's, else 0 (NULL and short codes: 0). */
int zf_od_is_individual(const char *credit_code);

/* What the public sees of a registry enterprise: *kind "org" with the name
 * and code unchanged, or "person" with the name masked (王小明五金店 →
 * 王某某某某某) and no code, as the decisions show a person. */
typedef struct zf_od_party {
    const char *kind; /* "org" | "person" */
    const char *name;
    const char *credit_code; /* "" for a person */
} zf_od_party_t;
zf_od_party_t zf_od_party(zf_arena_t *a, const char *name, const char *credit_code);

/* The day in China (UTC+8, no daylight saving) of a stored time into out:
 * a UTC instant "YYYY-MM-DDTHH:MM:SS…Z" is moved to UTC+8; a time without
 * a zone ("YYYY-MM-DDTHH:MM", as the demo loader writes signing times) is
 * already local and keeps its date; "" when s is none of these. */
void zf_od_local_day(const char *s, char out[11]);

/* A stored time as an RFC 3339 date-time for a feed (RFC 4287 §3.3): a
 * UTC instant as it is, a local time without zone with seconds and +08:00
 * added, a bare date at local midnight; anything else "1970-01-01T00:00:00Z"
 * (a feed must not carry an invalid date). */
const char *zf_od_rfc3339(zf_arena_t *a, const char *s);

#endif
