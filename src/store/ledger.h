/* ledger.h — the inspection ledger (检查台账, migration 006) and THE BURDEN
 * RULE: every inspection an enterprise is to have or has had, whatever
 * caused it (plan, draw, complaint, accident, follow-up, referral, credit,
 * ad hoc), and the yearly cap on inspections per enterprise.
 *
 * 国办发〔2024〕54号 (LAW.md §5.5 [二手]): the competent departments publish a
 * yearly cap on inspections of one enterprise by class; what can be merged
 * is merged (综合查一次). The numbers are 未核实, so they are dated rows of
 * legal_params (seeded by migration 007, confirmed = 0), never constants:
 *   inspection.cap.<重点|一般>.<红|橙|黄|蓝>  value = inspections per year
 *   inspection.cap.sources                   value = the sources that count,
 *                                            space-separated ("plan draw ad_hoc")
 * A cap of 0 or a missing row means no cap is configured.
 *
 * Writers expect the caller's transaction (zf_db_begin) so the change and
 * its log event commit together (R22). Strings live in the caller's arena. */
#ifndef ZF_STORE_LEDGER_H
#define ZF_STORE_LEDGER_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/db.h"

/* One row of inspection_ledger. */
typedef struct zf_ledger_entry {
    int64_t id;
    int64_t enterprise_id;
    int64_t unit_id; /* the inspecting unit */
    int64_t year;
    int64_t month;         /* 1…12; 0 = not scheduled (NULL) */
    const char *source;    /* plan draw complaint accident follow_up referral credit ad_hoc */
    int64_t source_id;     /* plan id, draw id, …; 0 = none (NULL) */
    const char *status;    /* planned done cancelled merged */
    int64_t merged_into;   /* 0 = none (NULL) */
    const char *done_on;   /* YYYY-MM-DD or "" */
    int64_t inspection_id; /* 0 = none */
    const char *note;
    int64_t version;
    const char *created_at; /* set by zf_store_ledger_add when NULL */
    int64_t created_by;     /* 0 = system */
    /* joined on read (zf_store_ledger_*list): not written */
    const char *enterprise_name, *unit_name;
} zf_ledger_entry_t;

/* 国办发〔2024〕54号 (LAW.md §5.5): yearly cap on inspections per enterprise. */
typedef struct {
    int64_t cap; /* the published cap for the enterprise's class and risk on that day; 0 = no cap
                    configured */
    int64_t counted;   /* ledger entries of that year that count against the cap (not cancelled /
                          merged) */
    int64_t triggered; /* entries from triggers (complaint, accident, follow_up, referral, credit) —
                          recorded, shown, and counted or not per configuration */
} zf_burden_t;

/* The burden configuration in force on one day, loaded once (a plan or a
 * draw asks for thousands of enterprises). cap[class][risk]: class 0 重点
 * (key), 1 一般 (general); risk 0 红 … 3 蓝. sources: bit per source, see
 * zf_ledger_source_bit. */
typedef struct zf_burden_rules {
    int64_t cap[2][4];
    unsigned sources;
    int unconfirmed; /* rows in force with confirmed = 0 */
} zf_burden_rules_t;

/* Bit of a ledger source name (0 when unknown). */
unsigned zf_ledger_source_bit(const char *source);
/* 1 for the trigger sources: complaint accident follow_up referral credit. */
int zf_ledger_source_is_trigger(const char *source);
/* Index of a supervision class ("key" 0, "general" 1) or risk ("red" 0 …
 * "blue" 3); -1 when unknown. */
int zf_ledger_class_index(const char *supervision);
int zf_ledger_risk_index(const char *risk);
/* Is key one of the burden parameters (for the admin's dated edits)? */
int zf_ledger_param_known(const char *key, const char **unit);

/* Is value well-formed for key (caps: a whole number 0–365; sources: known
 * source names separated by spaces)? 1 or 0. */
int zf_ledger_param_valid(const char *key, const char *value);

/* The rules in force on day 'YYYY-MM-DD'. */
int zf_burden_rules_load(zf_db_t *db, const char *day, zf_burden_rules_t *out, zf_error_t *err);
/* The cap for a class and risk code (0 = none). */
int64_t zf_burden_cap(const zf_burden_rules_t *r, const char *supervision, const char *risk);

/* day = 'YYYY-MM-DD' (the cap in force that day, the year of that day).
 * 404 enterprise.not_found when the enterprise does not exist. */
int zf_store_burden(zf_db_t *db, int64_t enterprise_id, const char *day, zf_burden_t *out,
                    zf_error_t *err);
/* The same with rules already loaded (no enterprise lookup: pass its class
 * and risk codes). */
int zf_store_burden_with(zf_db_t *db, const zf_burden_rules_t *r, int64_t enterprise_id,
                         const char *supervision, const char *risk, int64_t year, zf_burden_t *out,
                         zf_error_t *err);

/* Insert one ledger row and its officers (n_officers may be 0); returns the new id via *id. */
int zf_store_ledger_add(zf_db_t *db, const zf_ledger_entry_t *e, const int64_t *officer_ids,
                        size_t n_officers, int64_t *id, zf_error_t *err);
/* Replace the officers of an entry. */
int zf_store_ledger_set_officers(zf_db_t *db, int64_t ledger_id, const int64_t *officer_ids,
                                 size_t n_officers, zf_error_t *err);
/* One entry (404 ledger.not_found). */
int zf_store_ledger_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_ledger_entry_t *out,
                        zf_error_t *err);
/* Update month, status, merged_into, done_on, note if the stored version is
 * e->version (409 conflict.version otherwise); bumps the version. */
int zf_store_ledger_update(zf_db_t *db, const zf_ledger_entry_t *e, zf_error_t *err);
/* Every entry of an enterprise in a year (any status), by month then id. */
int zf_store_ledger_for_enterprise(zf_db_t *db, zf_arena_t *a, int64_t enterprise_id, int64_t year,
                                   zf_ledger_entry_t **out, size_t *n, zf_error_t *err);
/* Every entry of one source (plan 7, draw 3, …), by month then id. */
int zf_store_ledger_for_source(zf_db_t *db, zf_arena_t *a, const char *source, int64_t source_id,
                               zf_ledger_entry_t **out, size_t *n, zf_error_t *err);
/* Months (ascending, at most 12 distinct) in which units other than
 * unit_id have planned inspections of the enterprise in year (R15). */
int zf_store_ledger_other_months(zf_db_t *db, int64_t enterprise_id, int64_t year, int64_t unit_id,
                                 int months[12], int *n, zf_error_t *err);
/* The officer ids of an entry, ascending. */
int zf_store_ledger_officers(zf_db_t *db, zf_arena_t *a, int64_t ledger_id, int64_t **out,
                             size_t *n, zf_error_t *err);

#endif
