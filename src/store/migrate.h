/* migrate.h — numbered schema migrations, embedded at build time from
 * src/store/migrations/<backend>/NNN_name.sql (scripts/embed_sql.py). */
#ifndef ZF_STORE_MIGRATE_H
#define ZF_STORE_MIGRATE_H

#include "core/error.h"

typedef struct zf_migration {
    int version;
    const char *name;
    const char *sql;
} zf_migration_t;

struct zf_db;

/* Apply every migration newer than the database's schema version, each in its
 * own transaction together with the version bump. Returns the number applied
 * (0 when up to date) or a negative code. Refuses a database newer than this
 * program. */
int zf_store_migrate(struct zf_db *db, zf_error_t *err);

/* The newest schema version this program knows. */
int zf_store_schema_version(void);

#endif
