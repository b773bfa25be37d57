/* migrate.c — see migrate.h. The schema version is kept in meta
 * ('schema_version'); each migration and its version bump commit together,
 * so a crash leaves the database at a whole version. */
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

static int current_version(zf_db_t *db, int *out, zf_error_t *err) {
    *out = 0;
    int has_meta = zf_db_table_exists(db, "meta", err);
    if (has_meta < 0) return has_meta;
    if (!has_meta) return 0;
    zf_stmt_t *st = zf_db_prepare(db, "SELECT value FROM meta WHERE key = 'schema_version'", err);
    if (!st) return ZF_EIO;
    int rc = zf_stmt_step(st, err);
    if (rc == 1) *out = atoi(zf_stmt_text(st, 0));
    zf_stmt_done(st);
    return rc < 0 ? rc : 0;
}

int zf_store_migrate(zf_db_t *db, zf_error_t *err) {
    int version;
    int rc = current_version(db, &version, err);
    if (rc < 0) return rc;
    if (version > zf_store_schema_version())
        return zf_error_set(err, ZF_EINVAL, 500, "store.schema_too_new", NULL,
                            "数据库结构版本 %d 高于本程序支持的版本 %d，请升级 zhifa", version,
                            zf_store_schema_version());
    int applied = 0;
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
    for (unsigned i = 0; i < count; i++) {
        const zf_migration_t *m = &list[i];
        if (m->version <= version) continue;
        rc = zf_db_begin(db, err);
        if (rc < 0) return rc;
        /* Several servers starting at once on one PostgreSQL database: one
         * migrates, the others wait here and then find the work done. */
        rc = zf_db_lock(db, "zhifa.migrate", err);
        if (rc == 0) rc = current_version(db, &version, err);
        if (rc == 0 && m->version <= version) {
            zf_db_rollback(db);
            continue;
        }
        if (rc == 0) rc = zf_db_exec(db, m->sql, err);
        if (rc == 0) {
            zf_stmt_t *st =
                zf_db_prepare(db,
                              "INSERT INTO meta (key, value) VALUES ('schema_version', $1) "
                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                              err);
            if (!st) {
                rc = ZF_EIO;
            } else {
                char buf[16];
                snprintf(buf, sizeof buf, "%d", m->version);
                zf_stmt_bind_text(st, 1, buf);
                int64_t n = zf_stmt_run(st, err);
                rc = n < 0 ? (int)n : 0;
            }
        }
        if (rc == 0) rc = zf_db_commit(db, err);
        if (rc < 0) {
            zf_db_rollback(db);
            char detail[sizeof err->message];
            snprintf(detail, sizeof detail, "%s", err ? err->message : "");
            return zf_error_set(err, rc, 500, "store.migration_failed", NULL,
                                "数据库迁移 %s 失败：%s", m->name, detail);
        }
        applied++;
    }
    return applied;
}
