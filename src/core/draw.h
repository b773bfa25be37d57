/* draw.h — verifiable double-random draws (双随机, R13) that anyone can
 * re-run (一公开, R14). Pure: no I/O; memory comes from the caller's arena.
 * docs/draw.md is the specification a third party reimplements from.
 *
 *  - The sampler is R. L. Rivest's SHA-256 sampler (2011, used in public
 *    election audits): for i = 1, 2, …, x = SHA-256(seed + "," + decimal(i))
 *    read as a 256-bit big-endian integer, pick = (x mod total) + 1. A
 *    sample without replacement keeps drawing and skips repeats.
 *  - Pools are sorted and serialised one canonical line per member, and the
 *    lines hashed with SHA-256 (zf_draw_hash_*).
 *  - seed = hex(secret) "," witness "," H(enterprises) "," H(inspectors) ","
 *    H(exclusions): the server commits to SHA-256(hex(secret)) before the
 *    draw, the witness cannot know the secret, the operator cannot know the
 *    witness, and after the reveal anybody can recompute.
 *  - Inspectors are assigned per selected enterprise from the derived seed
 *    seed + "/e" + decimal(k) under the constraints in the documented order
 *    (zf_draw_run).
 *
 * A zf_draw_ctx_t holds OpenSSL's SHA-256 fetched once (fetching costs more
 * than hashing a short input, core/merkle.c); one per thread. */
#ifndef ZF_CORE_DRAW_H
#define ZF_CORE_DRAW_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/officers.h"

/* Totals the sampler accepts: 1 … 2^48 (the 256-bit value is reduced byte
 * by byte in 64-bit arithmetic: r·256 + 255 must not overflow). */
#define ZF_DRAW_MAX_TOTAL (1ULL << 48)
#define ZF_DRAW_HEX_LEN 65           /* 64 hex digits + NUL */
#define ZF_DRAW_WITNESS_MAX 64       /* code points */
#define ZF_DRAW_MAX_PER_ENTERPRISE 8 /* inspectors per enterprise */

typedef struct zf_draw_ctx zf_draw_ctx_t;

/* A context with SHA-256 ready; zf_draw_ctx_free releases it (NULL ok).
 * Aborts when libcrypto has no SHA-256 (as out-of-memory does). */
zf_draw_ctx_t *zf_draw_ctx_new(void);
void zf_draw_ctx_free(zf_draw_ctx_t *c);

/* Lower-case hex SHA-256 of n bytes. */
void zf_draw_sha256_hex(zf_draw_ctx_t *c, const void *data, size_t n, char out[ZF_DRAW_HEX_LEN]);

/* The i-th pick (1-based, 1 … total) of Rivest's sampler for seed (seed_len
 * bytes, any bytes; the seed's UTF-8 encoding). 0, or ZF_EINVAL when total
 * is 0 or above ZF_DRAW_MAX_TOTAL or i is 0. */
int zf_draw_pick(zf_draw_ctx_t *c, const char *seed, size_t seed_len, uint64_t i, uint64_t total,
                 uint64_t *pick);

/* count picks into out[count]: with replacement the picks of i = 1 … count;
 * without (no_repeats = 1) the picks of i = 1, 2, … skipping values already
 * taken, until count distinct ones (count ≤ total, else ZF_EINVAL). *draws
 * (may be NULL) gets the last i used. Scratch from the arena. */
int zf_draw_sample(zf_draw_ctx_t *c, zf_arena_t *a, const char *seed, size_t seed_len,
                   uint64_t total, size_t count, int no_repeats, uint64_t *out, uint64_t *draws,
                   zf_error_t *err);

/* ---- pools ---- */

/* One enterprise of the frozen pool. Canonical line (docs/draw.md):
 *   decimal(id) "," credit_code "," decimal(unit_id) "," name "\n"
 * The pool is sorted by id ascending (strictly). */
typedef struct zf_draw_enterprise {
    int64_t id;
    const char *credit_code;
    int64_t unit_id; /* its township / devzone: township inspectors stay inside */
    const char *name;
} zf_draw_enterprise_t;

/* One eligible inspector of the frozen pool. Canonical line:
 *   decimal(id) "," cert_no "," decimal(scope_unit_id) "," name "\n"
 * scope_unit_id: 0 = may inspect anywhere in the draw's pool; otherwise the
 * township unit an officer of a township is limited to. Sorted by id. */
typedef struct zf_draw_inspector {
    int64_t id;
    const char *cert_no;
    int64_t scope_unit_id;
    const char *name;
} zf_draw_inspector_t;

/* A pair that may not be drawn together. Canonical line:
 *   decimal(enterprise_id) "," decimal(officer_id) "," reason "\n"
 * reason "relation" (declared relation in force: 回避, 行政处罚法 第四十三条)
 * or "last_draw" (sent to this enterprise in its last draw, R13). Sorted by
 * (enterprise_id, officer_id, reason); a pair may appear with both reasons. */
typedef struct zf_draw_exclusion {
    int64_t enterprise_id;
    int64_t officer_id;
    const char *reason;
} zf_draw_exclusion_t;

/* Hash a pool: SHA-256 over its canonical lines in order, lower-case hex.
 * ZF_EINVAL (field "pool") when it is not sorted as required, or a text
 * field holds a comma-free violation (a newline, or a comma in a code). */
int zf_draw_hash_enterprises(zf_draw_ctx_t *c, const zf_draw_enterprise_t *e, size_t n,
                             char out[ZF_DRAW_HEX_LEN], zf_error_t *err);
int zf_draw_hash_inspectors(zf_draw_ctx_t *c, const zf_draw_inspector_t *p, size_t n,
                            char out[ZF_DRAW_HEX_LEN], zf_error_t *err);
int zf_draw_hash_exclusions(zf_draw_ctx_t *c, const zf_draw_exclusion_t *x, size_t n,
                            char out[ZF_DRAW_HEX_LEN], zf_error_t *err);

/* Is this person an inspector the draw may use on `day`? The team rule of
 * core/officers.h for one person: kind officer, serving, certificate valid
 * that day, onboarding complete (auxiliaries and experts never count). */
int zf_draw_inspector_eligible(const zf_officer_rules_t *rules, zf_day_t day,
                               const zf_officer_facts_t *f);

/* ---- commitment, witness, seed ---- */

/* commitment = hex(SHA-256(ASCII of the 64 lower-case hex digits of the
 * 32-byte secret)). secret_hex must be 64 lower-case hex digits. */
int zf_draw_commitment(zf_draw_ctx_t *c, const char *secret_hex, char out[ZF_DRAW_HEX_LEN],
                       zf_error_t *err);

/* Check a witness value: after trimming ASCII spaces/tabs at both ends,
 * 1 … 64 code points of valid UTF-8 text without control characters. The
 * trimmed value (what is mixed in and stored) is copied into the arena.
 * 400 draw.bad_witness (field "witness") otherwise. */
int zf_draw_witness_check(zf_arena_t *a, const char *in, const char **out, zf_error_t *err);

/* seed = secret_hex "," witness "," h_enterprises "," h_inspectors ","
 * h_exclusions, in the arena. */
const char *zf_draw_seed(zf_arena_t *a, const char *secret_hex, const char *witness,
                         const char *h_enterprises, const char *h_inspectors,
                         const char *h_exclusions);

/* How many enterprises to draw from a pool of n: `count` when > 0 (at most
 * n), else ceil(n × ratio_permille / 1000) (a ratio that gives a fraction of
 * an enterprise rounds up, so a non-empty pool with a ratio draws ≥ 1). */
uint64_t zf_draw_target(uint64_t n, int64_t count, int64_t ratio_permille);

/* ---- the draw ---- */

typedef struct zf_draw_input {
    const char *seed;
    const zf_draw_enterprise_t *enterprises; /* sorted by id */
    size_t n_enterprises;
    const zf_draw_inspector_t *inspectors; /* sorted by id */
    size_t n_inspectors;
    const zf_draw_exclusion_t *exclusions; /* sorted (enterprise, officer, reason) */
    size_t n_exclusions;
    size_t count;       /* enterprises to select, ≤ n_enterprises */
    int per_enterprise; /* inspectors per enterprise: 2 … ZF_DRAW_MAX_PER_ENTERPRISE */
} zf_draw_input_t;

typedef struct zf_draw_pick_row {
    uint64_t k;                                  /* 1-based position in the selection */
    uint64_t i;                                  /* the sampler's i that selected it */
    size_t enterprise;                           /* index into in->enterprises */
    size_t officers[ZF_DRAW_MAX_PER_ENTERPRISE]; /* indexes into in->inspectors, in slot order */
} zf_draw_pick_row_t;

/* Select in->count enterprises (Rivest without replacement over the pool,
 * total = n_enterprises, seed = in->seed), then for k = 1 … count assign
 * per_enterprise inspectors to the k-th selected enterprise E:
 *   candidates = inspectors in id order, minus (1) those whose scope_unit_id
 *   is not 0 and differs from E's unit_id (township officers stay in their
 *   township), (2) pairs in the exclusions (回避 relation, last draw);
 *   if fewer than per_enterprise remain: error, nothing returned;
 *   for slot j = 1 … per_enterprise: tier = remaining candidates (not yet
 *   on E's team) with the lowest number of assignments so far in this draw,
 *   in id order; the pick of Rivest's sampler with seed seed + "/e" +
 *   decimal(k), i = j, total = |tier| chooses tier[pick − 1].
 * *out gets count rows (arena). On an impossible constraint: 422
 * draw.not_enough_inspectors naming the enterprise and the reasons, and
 * *out untouched. Scratch memory from the arena. */
int zf_draw_run(zf_draw_ctx_t *c, zf_arena_t *a, const zf_draw_input_t *in,
                zf_draw_pick_row_t **out, zf_error_t *err);

/* Can every enterprise of the pool get per_enterprise inspectors (township
 * scope and exclusions applied, workload ignored)? When it can, zf_draw_run
 * cannot fail on the constraints whatever the seed, so a draw checks this
 * when it freezes its pools. 0, or 422 draw.not_enough_inspectors naming
 * the first enterprise that cannot (in->count and in->seed are not used). */
int zf_draw_feasible(const zf_draw_input_t *in, zf_error_t *err);

#endif
