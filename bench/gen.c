/* gen.c — the benchmark's data generator (issue 12): fills a database that
 * `zhifa init` and `zhifa demo` made with a district scaled up, through the
 * store (not HTTP), with a progress bar on stderr:
 *   units   under the bureau: townships, each with offices and teams
 *   users   spread over them, all sharing the demo password's hash (one
 *           argon2id hash, not one per user)
 *   events  units edited over and over, each edit with its log event in the
 *           same transaction, until the log holds --events events
 *
 *   enterprises (--enterprises N, default 0) of the demo district's
 *           townships, with valid credit codes and their log events
 *           (gen_enterprises.c)
 *   cases   (--cases N, default 0) over the demo district's enforcing units,
 *           the registry's enterprises (30 % none, a long tail) and
 *           2025–2026, across all stages, with their parties, officers,
 *           decisions and publications; with --case-records 1 also their
 *           violations, reviews, payments, documents' rows and log events
 *           (gen_cases.c)
 *
 *   zhifa-bench-gen --db sqlite:DIR/zhifa.db [--data-dir DIR] [--units 1000] [--users 10000]
 *                   [--events 1000000] [--batch 2000] [--enterprises 0]
 *                   [--cases 0] [--case-batch 1000] [--case-records 0]
 *
 * At the end it signs a checkpoint of the whole log with the data
 * directory's key (--data-dir, default $ZHIFA_DATA_DIR or var, as zhifa),
 * through the store function the server signs with (zf_log_checkpoint):
 * otherwise the first server to stop on the database signed it, reading
 * every leaf (39 s over 6,000,000 events).
 *
 * Prints one JSON line: {"units":…,"users":…,"events":…,"enterprises":…,
 * "cases":…,"seconds":…,"checkpoint":{"tree_size":…,"seconds":…}} and,
 * with enterprises, "enterprises_detail"; with cases, "cases_detail" (rows
 * and seconds per table, cases per enterprise).
 * The events are generated before the enterprises and cases, so the log
 * ends up larger than --events by their own events. */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gen_cases.h"

#include "api/api.h"
#include "core/arena.h"
#include "core/util.h"
#include "store/db.h"
#include "store/log.h"
#include "store/store.h"

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double t0;

void bench_progress_start(void) { t0 = now_s(); }

void bench_progress(const char *what, long long done, long long total) {
    static double last;
    double t = now_s();
    if (done != total && t - last < 0.2) return;
    last = t;
    int width = 40;
    int fill = total ? (int)(done * width / total) : width;
    double rate = done / (t - t0 > 0 ? t - t0 : 1);
    fprintf(stderr, "\r%-8s [%.*s%*s] %lld/%lld  %.0f/s  %.0f s ", what, fill,
            "########################################", width - fill, "", done, total, rate,
            t - t0);
    if (done == total) fputc('\n', stderr);
}

static void die(const char *what, const zf_error_t *err) {
    fprintf(stderr, "\nzhifa-bench-gen: %s: %s\n", what, err->message);
    exit(1);
}

/* The log's signing key from the data directory, as zhifa reads it
 * (cli/config.c: 64 hex characters, the Ed25519 seed). */
static void load_key(const char *dir, zf_signing_key_t *key) {
    char path[4096];
    snprintf(path, sizeof path, "%s/log-signing.key", dir);
    FILE *f = fopen(path, "r");
    char hex[80] = "";
    char *line = f ? fgets(hex, sizeof hex, f) : NULL;
    if (f) fclose(f);
    hex[strcspn(hex, "\r\n")] = '\0';
    unsigned char seed[32];
    if (!line || zf_hex_decode(hex, seed, sizeof seed) != 0) {
        fprintf(stderr,
                "zhifa-bench-gen: no signing key in %s (zhifa init makes it; --data-dir DIR)\n",
                path);
        exit(1);
    }
    zf_sign_from_seed(key, seed);
    sodium_memzero(seed, sizeof seed);
}

static int64_t log_change(zf_db_t *db, const char *action, const zf_unit_t *before,
                          const zf_unit_t *after, zf_arena_t *a, zf_error_t *err) {
    json_t *jb = before ? zf_api_unit_json(before) : NULL;
    json_t *ja = zf_api_unit_json(after);
    zf_log_entry_t e = {
        .actor_id = 0,
        .unit_id = after->id,
        .action = action,
        .object_type = "unit",
        .object_id = zf_arena_printf(a, "%lld", (long long)after->id),
        .before = jb,
        .after = ja,
    };
    int64_t idx = zf_log_append(db, &e, err);
    json_decref(jb);
    json_decref(ja);
    return idx;
}

int main(int argc, char **argv) {
    const char *url = NULL;
    const char *data_dir = getenv("ZHIFA_DATA_DIR") ? getenv("ZHIFA_DATA_DIR") : "var";
    long long n_units = 1000, n_users = 10000, n_events = 1000000, batch = 2000;
    long long n_cases = 0, case_batch = 1000; /* ~5 rows a case: ~5,000 rows a transaction */
    long long n_ents = 0, case_records = 0;
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(argv[i], "--db") && v)
            url = argv[++i];
        else if (!strcmp(argv[i], "--data-dir") && v)
            data_dir = argv[++i];
        else if (!strcmp(argv[i], "--units") && v)
            n_units = atoll(argv[++i]);
        else if (!strcmp(argv[i], "--users") && v)
            n_users = atoll(argv[++i]);
        else if (!strcmp(argv[i], "--events") && v)
            n_events = atoll(argv[++i]);
        else if (!strcmp(argv[i], "--batch") && v)
            batch = atoll(argv[++i]);
        else if (!strcmp(argv[i], "--cases") && v)
            n_cases = atoll(argv[++i]);
        else if (!strcmp(argv[i], "--case-batch") && v)
            case_batch = atoll(argv[++i]);
        else if (!strcmp(argv[i], "--enterprises") && v)
            n_ents = atoll(argv[++i]);
        else if (!strcmp(argv[i], "--case-records") && v)
            case_records = atoll(argv[++i]);
        else {
            fprintf(stderr,
                    "usage: zhifa-bench-gen --db URL [--data-dir DIR] [--units N] [--users N] "
                    "[--events N] [--batch N] [--enterprises N] [--cases N] "
                    "[--case-batch N] [--case-records 0|1]\n");
            return 2;
        }
    }
    if (!url || batch < 1 || case_batch < 1 || n_cases < 0 || n_ents < 0) return 2;
    if (sodium_init() < 0) return 1;
    zf_signing_key_t key;
    load_key(data_dir, &key); /* before the minutes of generating, not after */
    zf_error_t err = {0};
    zf_db_pool_t *pool = zf_db_pool_open(url, 1, &err);
    if (!pool) die("open", &err);
    zf_db_t *db = zf_db_acquire(pool);
    /* SQLite: a page cache of 512 MB for the generator's connection (the
     * random verification codes and credit codes insert all over their
     * indexes; with the default 2 MB every insert reads its pages back from
     * the kernel), and commits flushed by the WAL checkpoint rather than
     * each one synced (a crash loses bench data, nothing else) */
    if (strncmp(url, "sqlite:", 7) == 0 &&
        zf_db_exec(db,
                   getenv("BENCH_GEN_PRAGMAS")
                       ? getenv("BENCH_GEN_PRAGMAS")
                       : "PRAGMA cache_size = -524288; PRAGMA synchronous = NORMAL",
                   &err) != 0)
        die("pragmas", &err);
    zf_arena_t *keep = zf_arena_new();
    zf_arena_t *a = zf_arena_new();
    zf_unit_t bureau;
    if (zf_unit_get_by_code(db, keep, "341504", &bureau, &err) != 0)
        die("the demo bureau 341504 (run zhifa init and zhifa demo first)", &err);
    zf_user_t admin;
    if (zf_user_get_by_username(db, keep, "admin", &admin, &err) != 0) die("demo admin", &err);
    char hash[128];
    snprintf(hash, sizeof hash, "%s", admin.password_hash); /* one hash for all */
    t0 = now_s();
    double start = t0;

    /* Units: townships of 9 children each (one in ten is a township). */
    int64_t *ids = calloc((size_t)n_units, sizeof *ids);
    int64_t township = bureau.id;
    if (zf_db_begin(db, &err) != 0) die("begin", &err);
    for (long long i = 0; i < n_units; i++) {
        zf_arena_free(a);
        a = zf_arena_new();
        int top = i % 10 == 0;
        char code[32], name[64];
        snprintf(code, sizeof code, "B%06lld", i);
        snprintf(name, sizeof name, top ? "压测乡镇%lld" : "压测股室%lld", i);
        zf_unit_t u;
        if (zf_unit_insert(db, a, top ? bureau.id : township, code, name,
                           top ? "township" : "office", &u, &err) != 0)
            die("unit insert", &err);
        if (top) township = u.id;
        ids[i] = u.id;
        if (log_change(db, "unit.create", NULL, &u, a, &err) < 0) die("log", &err);
        if ((i + 1) % batch == 0) {
            if (zf_db_commit(db, &err) != 0 || zf_db_begin(db, &err) != 0) die("commit", &err);
        }
        bench_progress("units", i + 1, n_units);
    }
    if (zf_db_commit(db, &err) != 0) die("commit", &err);

    /* Users: spread round-robin over the new units, roles mixed. */
    static const char *roles[] = {"officer",          "officer",      "auxiliary",
                                  "township_officer", "section_head", "legal_reviewer"};
    t0 = now_s();
    if (zf_db_begin(db, &err) != 0) die("begin", &err);
    for (long long i = 0; i < n_users; i++) {
        zf_arena_free(a);
        a = zf_arena_new();
        char username[32], name[64];
        snprintf(username, sizeof username, "bench%06lld", i);
        snprintf(name, sizeof name, "压测用户%lld", i);
        zf_user_t u;
        int64_t unit = n_units ? ids[i % n_units] : bureau.id;
        if (zf_user_insert(db, a, username, name, roles[i % 6], unit, hash, &u, &err) != 0)
            die("user insert", &err);
        /* the user's event, as the API logs it */
        json_t *after = zf_api_user_json(&u);
        zf_log_entry_t e = {.actor_id = 0,
                            .unit_id = unit,
                            .action = "user.create",
                            .object_type = "user",
                            .object_id = zf_arena_printf(a, "%lld", (long long)u.id),
                            .after = after};
        int64_t idx = zf_log_append(db, &e, &err);
        json_decref(after);
        if (idx < 0) die("log", &err);
        if ((i + 1) % batch == 0) {
            if (zf_db_commit(db, &err) != 0 || zf_db_begin(db, &err) != 0) die("commit", &err);
        }
        bench_progress("users", i + 1, n_users);
    }
    if (zf_db_commit(db, &err) != 0) die("commit", &err);

    /* Events: edit units over and over until the log has n_events. */
    int64_t have = zf_log_size(db, &err);
    if (have < 0) die("log size", &err);
    long long remaining = n_events > have ? n_events - have : 0;
    t0 = now_s();
    uint64_t rnd = 0x9e3779b97f4a7c15ull;
    if (zf_db_begin(db, &err) != 0) die("begin", &err);
    for (long long i = 0; i < remaining && n_units > 0; i++) {
        zf_arena_free(a);
        a = zf_arena_new();
        rnd ^= rnd << 13;
        rnd ^= rnd >> 7;
        rnd ^= rnd << 17;
        int64_t id = ids[rnd % (uint64_t)n_units];
        zf_unit_t before, after;
        if (zf_unit_get(db, a, id, &before, &err) != 0) die("unit get", &err);
        char name[64];
        snprintf(name, sizeof name, "%.20s·%lld",
                 strncmp(before.name, "压测", 6) == 0 ? "压测机构" : before.name, i);
        if (zf_unit_update(db, a, id, before.version, NULL, name, NULL, &after, &err) != 0)
            die("unit update", &err);
        if (log_change(db, "unit.update", &before, &after, a, &err) < 0) die("log", &err);
        if ((i + 1) % batch == 0) {
            if (zf_db_commit(db, &err) != 0 || zf_db_begin(db, &err) != 0) die("commit", &err);
        }
        bench_progress("events", i + 1, remaining);
    }
    if (zf_db_commit(db, &err) != 0) die("commit", &err);
    /* The registry, then the cases over it (their statistics triggers,
     * migration 026, fire per row). */
    bench_ents_stats_t es;
    bench_gen_enterprises(db, n_ents, batch, &es);
    bench_cases_stats_t cs;
    bench_gen_cases(db, n_cases, case_batch, case_records != 0, &cs);
    /* The checkpoint over everything, signed as the server signs (its own
     * transaction; a temporary tree that reads every leaf once). */
    double tc = now_s();
    const char *origin = zf_meta_get(db, keep, "log_origin", &err);
    if (!origin) die("log origin", &err);
    /* with a tree of its own, so the checkpoint also stores the tree's
     * blocks (log_blocks, migration 049): a server started on the database
     * reads those instead of every leaf */
    zf_log_tree_t *tree = zf_log_tree_new();
    if (zf_log_checkpoint(db, tree, &key, origin, &err) != 0) die("checkpoint", &err);
    zf_log_tree_free(tree);
    zf_checkpoint_t cp;
    if (zf_log_checkpoint_latest(db, keep, &cp, &err) != 0) die("checkpoint", &err);
    double checkpoint_s = now_s() - tc;
    int64_t total = zf_log_size(db, &err);
    printf("{\"units\":%lld,\"users\":%lld,\"events\":%lld,\"enterprises\":%lld,"
           "\"cases\":%lld,\"seconds\":%.1f",
           n_units, n_users, (long long)total, es.enterprises, cs.cases, now_s() - start);
    printf(",\"checkpoint\":{\"tree_size\":%lld,\"seconds\":%.2f}", (long long)cp.tree_size,
           checkpoint_s);
    if (n_ents > 0)
        printf(",\"enterprises_detail\":{\"codes_checked\":%lld,\"code_clashes\":%lld,"
               "\"seconds\":%.2f}",
               es.codes_checked, es.code_clashes, es.seconds);
    if (n_cases > 0)
        printf(",\"cases_detail\":{\"rows\":{\"cases\":%lld,\"case_parties\":%lld,"
               "\"case_officers\":%lld,\"case_decisions\":%lld,\"publications\":%lld,"
               "\"case_violations\":%lld,\"case_reviews\":%lld,\"case_payments\":%lld,"
               "\"documents\":%lld,\"events\":%lld},"
               "\"per_enterprise\":{\"enterprises\":%lld,\"without\":%lld,\"median\":%lld,"
               "\"max\":%lld},"
               "\"seconds\":{\"cases\":%.2f,\"case_parties\":%.2f,\"case_officers\":%.2f,"
               "\"case_decisions\":%.2f,\"publications\":%.2f,\"records\":%.2f,"
               "\"commit\":%.2f,\"total\":%.2f}}",
               cs.cases, cs.parties, cs.officers, cs.decisions, cs.publications, cs.violations,
               cs.reviews, cs.payments, cs.documents, cs.events, cs.ents, cs.ents_without,
               cs.ents_median, cs.ents_max, cs.s_cases, cs.s_parties, cs.s_officers, cs.s_decisions,
               cs.s_publications, cs.s_records, cs.s_commit, cs.s_total);
    printf("}\n");
    free(ids);
    zf_arena_free(a);
    zf_arena_free(keep);
    sodium_memzero(&key, sizeof key);
    zf_db_release(pool, db);
    zf_db_pool_close(pool);
    return 0;
}
