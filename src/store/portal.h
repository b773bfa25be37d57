/* portal.h — the public portal's texts as the bureau keeps them (migration
 * 013, kinds 019): a new row per save, the newest per bureau and kind in
 * force. Kinds: "portal" (the 事前公开 document, canonical JSON) and
 * "draw_rules" (the double-random inspection rules, Markdown). */
#ifndef ZF_STORE_PORTAL_H
#define ZF_STORE_PORTAL_H

#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/db.h"

typedef struct zf_portal_text {
    int64_t id; /* 0: none stored, the shipped text applies */
    const char *body, *created_at;
    int64_t created_by;
    int64_t versions; /* rows stored for this bureau */
} zf_portal_text_t;

/* The newest text of a bureau; out->id 0 and out->body NULL when none. */
int zf_portal_text_get(zf_db_t *db, zf_arena_t *a, int64_t bureau_id, const char *kind,
                       zf_portal_text_t *out, zf_error_t *err);
/* Store a new text of that kind; *id the new row. */
int zf_portal_text_insert(zf_db_t *db, int64_t bureau_id, const char *kind, const char *body,
                          int64_t actor_id, int64_t *id, zf_error_t *err);

#endif
