/* routes.c — every API route in one table: method, pattern, handler, flags
 * and the permission action the dispatcher checks by role before the handler
 * checks the unit. The permission matrix test walks this table. */
#include "api/api.h"

#define JSON ZF_ROUTE_JSON_BODY
#define PUBLIC ZF_ROUTE_PUBLIC

static const zf_route_t routes[] = {
    {"GET", "/api/v1/health", zf_api_health, PUBLIC, NULL},
    {"POST", "/api/v1/auth/login", zf_api_login, JSON | PUBLIC | ZF_ROUTE_NO_CSRF, NULL},
    {"POST", "/api/v1/auth/logout", zf_api_logout, 0, NULL},
    {"GET", "/api/v1/me", zf_api_me, 0, NULL},
    {"GET", "/api/v1/roles", zf_api_roles, 0, NULL},
    {"GET", "/api/v1/units", zf_api_units_list, 0, "unit.read"},
    {"POST", "/api/v1/units", zf_api_unit_create, JSON, "unit.write"},
    {"GET", "/api/v1/units/{id}", zf_api_unit_get, 0, "unit.read"},
    {"PATCH", "/api/v1/units/{id}", zf_api_unit_update, JSON, "unit.write"},
    {"GET", "/api/v1/users", zf_api_users_list, 0, "user.read"},
    {"POST", "/api/v1/users", zf_api_user_create, JSON, "user.write"},
    {"GET", "/api/v1/users/{id}", zf_api_user_get, 0, "user.read"},
    {"PATCH", "/api/v1/users/{id}", zf_api_user_update, JSON, "user.write"},
    {"GET", "/api/v1/log/checkpoint", zf_api_log_checkpoint, PUBLIC, NULL},
    {"GET", "/api/v1/log/checkpoints", zf_api_log_checkpoints, PUBLIC, NULL},
    {"GET", "/api/v1/log/proof/inclusion", zf_api_log_inclusion, PUBLIC, NULL},
    {"GET", "/api/v1/log/proof/consistency", zf_api_log_consistency, PUBLIC, NULL},
    {"GET", "/api/v1/log/events/{index}", zf_api_log_event, 0, "log.read"},
    {"GET", "/api/v1/objects/{type}/{id}/history", zf_api_object_history, 0, "history.read"},
};

zf_router_t *zf_api_router(void) {
    zf_router_t *r = zf_router_new();
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) zf_router_add(r, &routes[i]);
    return r;
}
