/* migrate.c — see migrate.h. Each applied migration is recorded in meta
 * under its own key ('migration.NNN'), committed together with the
 * migration, so a crash leaves the database with whole migrations only, and
 * a migration numbered below one already applied (branches that landed in a
 * different order) is still applied. 'schema_version' keeps the newest
 * applied number for the people and tools that read it.
 *
 * Databases made before the per-migration keys have only 'schema_version':
 * every migration up to it counts as applied (the one thing those databases
 * can tell), and the keys are written once for them. */
#include "store/migrate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/backend.h"

extern const zf_migration_t zf_sqlite_migrations[];
extern const unsigned zf_sqlite_migrations_count;

int zf_store_schema_version(void) {
    return zf_sqlite_migrations[zf_sqlite_migrations_count - 1].version;
}

/* One integer from a query without parameters or with $1 as text. */
static int query_int(zf_db_t *db, const char *sql, const char *arg, int64_t *out, zf_error_t *err) {
    *out = 0;
    zf_stmt_t *st = zf_db_prepare(db, sql, err);
    if (!st) return ZF_EIO;
    if (arg) zf_stmt_bind_text(st, 1, arg);
    int rc = zf_stmt_step(st, err);
    if (rc == 1) *out = zf_stmt_is_null(st, 0) ? 0 : zf_stmt_int(st, 0);
    zf_stmt_done(st);
    return rc < 0 ? rc : 0;
}

static int put_meta(zf_db_t *db, const char *key, const char *value, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "INSERT INTO meta (key, value) VALUES ($1, $2) "
                                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, key);
    zf_stmt_bind_text(st, 2, value);
    int64_t n = zf_stmt_run(st, err);
    return n < 0 ? (int)n : 0;
}

static void migration_key(int version, char key[32]) {
    snprintf(key, 32, "migration.%03d", version);
}

/* The newest applied version (0 on an empty database). */
static int current_version(zf_db_t *db, int *out, zf_error_t *err) {
    *out = 0;
    int has_meta = zf_db_table_exists(db, "meta", err);
    if (has_meta < 0) return has_meta;
    if (!has_meta) return 0;
    int64_t v;
    int rc = query_int(db, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'schema_version'",
                       NULL, &v, err);
    *out = (int)v;
    return rc;
}

static int is_applied(zf_db_t *db, int version, int *out, zf_error_t *err) {
    char key[32];
    migration_key(version, key);
    int64_t n;
    int rc = query_int(db, "SELECT COUNT(*) FROM meta WHERE key = $1", key, &n, err);
    *out = n > 0;
    return rc;
}

static int record(zf_db_t *db, int version, int newest, zf_error_t *err) {
    char key[32], buf[16];
    migration_key(version, key);
    snprintf(buf, sizeof buf, "%d", version);
    int rc = put_meta(db, key, buf, err);
    if (rc == 0 && version >= newest) rc = put_meta(db, "schema_version", buf, err);
    return rc;
}

/* A database from before the per-migration keys: write them for every
 * migration up to its schema_version, once. */
static int adopt_legacy(zf_db_t *db, const zf_migration_t *list, unsigned count, zf_error_t *err) {
    int version;
    int rc = current_version(db, &version, err);
    if (rc < 0 || version == 0) return rc;
    int64_t keys;
    rc = query_int(db, "SELECT COUNT(*) FROM meta WHERE key LIKE 'migration.%'", NULL, &keys, err);
    if (rc < 0 || keys > 0) return rc;
    rc = zf_db_begin(db, err);
    if (rc < 0) return rc;
    rc = zf_db_lock(db, "zhifa.migrate", err);
    if (rc == 0)
        rc = query_int(db, "SELECT COUNT(*) FROM meta WHERE key LIKE 'migration.%'", NULL, &keys,
                       err);
    for (unsigned i = 0; rc == 0 && keys == 0 && i < count && list[i].version <= version; i++)
        rc = record(db, list[i].version, version, err);
    if (rc == 0) rc = zf_db_commit(db, err);
    if (rc < 0) zf_db_rollback(db);
    return rc;
}

/* A key for a migration this program does not have: a newer program ran. */
static int unknown_applied(zf_db_t *db, const zf_migration_t *list, unsigned count, int *out,
                           zf_error_t *err) {
    *out = 0;
    zf_stmt_t *st =
        zf_db_prepare(db, "SELECT key FROM meta WHERE key LIKE 'migration.%' ORDER BY key", err);
    if (!st) return ZF_EIO;
    int rc;
    while ((rc = zf_stmt_step(st, err)) == 1) {
        int v = atoi(zf_stmt_text(st, 0) + strlen("migration."));
        int known = 0;
        for (unsigned i = 0; i < count && !known; i++)
            known = list[i].version == v;
        if (!known) {
            *out = v;
            break;
        }
    }
    zf_stmt_done(st);
    return rc < 0 ? rc : 0;
}

int zf_store_migrate(zf_db_t *db, zf_error_t *err) {
    int version;
    int rc = current_version(db, &version, err);
    if (rc < 0) return rc;
    unsigned count;
    const zf_migration_t *list = zf_db_migrations(db, &count); /* the backend's own dialect */
    /* Every backend must have the same numbered migrations (the twins). */
    int same = count == zf_sqlite_migrations_count;
    for (unsigned i = 0; same && i < count; i++)
        same = list[i].version == zf_sqlite_migrations[i].version;
    if (!same)
        return zf_error_set(err, ZF_EINVAL, 500, "store.migrations_mismatch", NULL,
                            "本程序的 %s 迁移文件与 SQLite 的不一一对应（缺少某个编号的孪生文件），"
                            "请检查 src/store/migrations/ 与 src/store/meson.build",
                            zf_db_backend(db));
    if (version > 0) {
        rc = adopt_legacy(db, list, count, err);
        if (rc < 0) return rc;
        int unknown;
        rc = unknown_applied(db, list, count, &unknown, err);
        if (rc < 0) return rc;
        if (unknown || version > zf_store_schema_version())
            return zf_error_set(err, ZF_EINVAL, 500, "store.schema_too_new", NULL,
                                "数据库已应用本程序没有的迁移 %d（结构版本 %d，本程序支持到 %d），"
                                "请升级 zhifa",
                                unknown ? unknown : version, version, zf_store_schema_version());
    }
    int applied = 0;
    for (unsigned i = 0; i < count; i++) {
        const zf_migration_t *m = &list[i];
        int done = 0;
        if (version > 0) {
            rc = is_applied(db, m->version, &done, err);
            if (rc < 0) return rc;
        }
        if (done) continue;
        rc = zf_db_begin(db, err);
        if (rc < 0) return rc;
        /* Several servers starting at once on one PostgreSQL database: one
         * migrates, the others wait here and then find the work done. */
        rc = zf_db_lock(db, "zhifa.migrate", err);
        if (rc == 0) {
            int has_meta = zf_db_table_exists(db, "meta", err);
            rc = has_meta > 0 ? is_applied(db, m->version, &done, err) : has_meta;
        }
        if (rc == 0 && done) {
            zf_db_rollback(db);
            continue;
        }
        int newest = 0;
        if (rc == 0) rc = zf_db_exec(db, m->sql, err);
        if (rc == 0) rc = current_version(db, &newest, err);
        if (rc == 0) rc = record(db, m->version, newest, err);
        if (rc == 0) rc = zf_db_commit(db, err);
        if (rc < 0) {
            zf_db_rollback(db);
            char detail[sizeof err->message];
            snprintf(detail, sizeof detail, "%s", err ? err->message : "");
            return zf_error_set(err, rc, 500, "store.migration_failed", NULL,
                                "数据库迁移 %s 失败：%s", m->name, detail);
        }
        version = version > m->version ? version : m->version;
        applied++;
    }
    return applied;
}
