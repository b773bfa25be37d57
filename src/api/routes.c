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
    /* catalogue and discretion (issue 3) */
    {"GET", "/api/v1/catalogue", zf_api_catalogue_list, 0, "catalogue.read"},
    {"POST", "/api/v1/catalogue", zf_api_catalogue_create, JSON, "catalogue.write"},
    {"GET", "/api/v1/catalogue/export", zf_api_catalogue_export, 0, "catalogue.read"},
    {"POST", "/api/v1/catalogue/import", zf_api_catalogue_import, ZF_ROUTE_UPLOAD,
     "catalogue.write"},
    {"GET", "/api/v1/catalogue/{code}", zf_api_catalogue_get, 0, "catalogue.read"},
    {"GET", "/api/v1/catalogue/{code}/lookup", zf_api_catalogue_lookup, 0, "catalogue.read"},
    {"GET", "/api/v1/catalogue/{code}/use-check", zf_api_catalogue_use_check, 0, "catalogue.read"},
    {"POST", "/api/v1/catalogue/{code}/versions", zf_api_catalogue_version_create, JSON,
     "catalogue.write"},
    {"POST", "/api/v1/discretion", zf_api_discretion, JSON, "discretion.calc"},
    {"GET", "/api/v1/legal-params", zf_api_legal_params_list, 0, "legal_param.read"},
    {"POST", "/api/v1/legal-params", zf_api_legal_param_create, JSON, "legal_param.write"},
    /* officers, training, staffing, equipment (issue 4) */
    {"GET", "/api/v1/officers", zf_api_officers_list, 0, "officer.read"},
    {"POST", "/api/v1/officers", zf_api_officer_create, JSON, "officer.write"},
    {"GET", "/api/v1/officers/me", zf_api_officer_me, 0, "officer.read"},
    {"GET", "/api/v1/officers/assignment", zf_api_officer_assignment, 0, "officer.read"},
    {"GET", "/api/v1/officers/{id}", zf_api_officer_get, 0, "officer.read"},
    {"PATCH", "/api/v1/officers/{id}", zf_api_officer_update, JSON, "officer.write"},
    {"PUT", "/api/v1/officers/posts/{unit_id}", zf_api_unit_posts_set, JSON, "officer.write"},
    {"GET", "/api/v1/trainings", zf_api_trainings_list, 0, "training.read"},
    {"POST", "/api/v1/trainings", zf_api_training_create, JSON, "training.write"},
    {"GET", "/api/v1/equipment", zf_api_equipment_list, 0, "equipment.read"},
    {"POST", "/api/v1/equipment", zf_api_equipment_create, JSON, "equipment.write"},
    {"GET", "/api/v1/equipment/standards", zf_api_equipment_standards, 0, "equipment.read"},
    {"PATCH", "/api/v1/equipment/{id}", zf_api_equipment_update, JSON, "equipment.write"},
    {"GET", "/api/v1/reports/training", zf_api_report_training, 0, "officer.report"},
    {"GET", "/api/v1/reports/certificates", zf_api_report_certificates, 0, "officer.report"},
    {"GET", "/api/v1/reports/professional-ratio", zf_api_report_ratio, 0, "officer.report"},
    {"GET", "/api/v1/reports/staffing", zf_api_report_staffing, 0, "officer.report"},
    {"GET", "/api/v1/reports/staffing.xlsx", zf_api_report_staffing_xlsx, 0, "officer.report"},
    {"GET", "/api/v1/reports/equipment-shortfall", zf_api_report_equipment, 0, "officer.report"},
    /* enterprise registry (issue 3, R11); the import takes the file itself
     * as the body (text/csv or the XLSX type), up to 32 MiB */
    {"GET", "/api/v1/enterprises", zf_api_enterprises_list, 0, "enterprise.read"},
    {"POST", "/api/v1/enterprises", zf_api_enterprise_create, JSON, "enterprise.write"},
    {"GET", "/api/v1/enterprises/codes", zf_api_enterprise_codes, 0, "enterprise.read"},
    {"GET", "/api/v1/enterprises/check-code", zf_api_enterprise_check_code, 0, "enterprise.read"},
    {"GET", "/api/v1/enterprises/export", zf_api_enterprises_export, 0, "enterprise.read"},
    {"GET", "/api/v1/enterprises/template", zf_api_enterprises_template, 0, "enterprise.read"},
    {"POST", "/api/v1/enterprises/import", zf_api_enterprise_import, ZF_ROUTE_UPLOAD,
     "enterprise.write"},
    {"GET", "/api/v1/enterprises/{id}", zf_api_enterprise_get, 0, "enterprise.read"},
    {"PATCH", "/api/v1/enterprises/{id}", zf_api_enterprise_update, JSON, "enterprise.write"},
    /* 事前公开 (issue 10, R25): public, no login */
    {"GET", "/api/v1/public/portal", zf_api_public_portal, PUBLIC, NULL},
    {"GET", "/api/v1/public/officers", zf_api_public_officers, PUBLIC, NULL},
    {"GET", "/api/v1/public/catalogue", zf_api_public_catalogue, PUBLIC, NULL},
};

zf_router_t *zf_api_router(void) {
    zf_router_t *r = zf_router_new();
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        zf_router_add(r, &routes[i]);
    return r;
}
