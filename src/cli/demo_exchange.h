/* demo_exchange.h — the issue 11 part of `zhifa demo`: the discipline user
 * (xuming, 纪检监察), the district's list of transfer departments, one
 * shared enterprise and one read token for the market supervision bureau
 * (printed once on the console), and two interference records. */
#ifndef ZF_CLI_DEMO_EXCHANGE_H
#define ZF_CLI_DEMO_EXCHANGE_H

#include "api/api.h"

/* Inside the caller's transaction, each row with its log event. Needs the
 * demo units, users and enterprises. 0 or a negative code with err filled. */
int zf_demo_exchange_load(zf_db_t *db, zf_app_t *app, zf_arena_t *a, zf_error_t *err);

#endif
