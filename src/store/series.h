/* series.h — gap-free number series (case numbers, document numbers).
 *
 * zf_store_next_number draws the next value of a named series inside the
 * caller's transaction: `INSERT … ON CONFLICT (series) DO UPDATE SET value =
 * value + 1 RETURNING value` takes the series row's lock until commit
 * (PostgreSQL row lock; SQLite's write lock), so two servers never draw the
 * same number, and a transaction that rolls back gives its number back —
 * no gaps. The first value of a new series is 1. */
#ifndef ZF_STORE_SERIES_H
#define ZF_STORE_SERIES_H

#include <stdint.h>

#include "core/error.h"
#include "store/db.h"

/* Next value (>= 1) or a negative code. Call between zf_db_begin and commit. */
int64_t zf_store_next_number(zf_db_t *db, const char *series, zf_error_t *err);

/* The value zf_store_next_number would draw now (>= 1), or a negative code;
 * reads only, takes no lock. A guess: another writer may draw it first, so
 * whoever uses it must draw for real in its transaction and compare (the
 * document issue renders with the guess outside the write lock). */
int64_t zf_store_peek_number(zf_db_t *db, const char *series, zf_error_t *err);

#endif
