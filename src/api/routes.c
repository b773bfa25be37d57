/* routes.c — every API route in one table: method, pattern, handler, flags
 * and the permission action the dispatcher checks by role before the handler
 * checks the unit. The permission matrix test walks this table. */
#include "api/api.h"

#define JSON ZF_ROUTE_JSON_BODY
#define PUBLIC ZF_ROUTE_PUBLIC

static const zf_route_t routes[] = {
    {"GET", "/api/v1/health", zf_api_health, PUBLIC, NULL},
    {"GET", "/api/v1/openapi.json", zf_api_openapi, PUBLIC, NULL},
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
    /* officers follow-up (issue 4): dated rule settings; writing is admin only */
    {"GET", "/api/v1/officer-settings", zf_api_officer_settings_list, 0, "officer.read"},
    {"POST", "/api/v1/officer-settings", zf_api_officer_setting_create, JSON, "officer.settings"},
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
    /* background jobs (issue 3 follow-up): progress of an async import */
    {"GET", "/api/v1/jobs/{id}", zf_api_job_get, 0, "job.read"},
    {"GET", "/api/v1/enterprises/{id}", zf_api_enterprise_get, 0, "enterprise.read"},
    {"PATCH", "/api/v1/enterprises/{id}", zf_api_enterprise_update, JSON, "enterprise.write"},
    /* 事前公开 (issue 10, R25): public, no login */
    {"GET", "/api/v1/public/portal", zf_api_public_portal, PUBLIC, NULL},
    {"GET", "/api/v1/public/officers", zf_api_public_officers, PUBLIC, NULL},
    {"GET", "/api/v1/public/catalogue", zf_api_public_catalogue, PUBLIC, NULL},
    {"GET", "/api/v1/public/catalogue.csv", zf_api_public_catalogue_csv, PUBLIC, NULL},
    {"GET", "/api/v1/public/draws.csv", zf_api_public_draws_csv, PUBLIC, NULL},
    {"GET", "/api/v1/public/draws.atom", zf_api_public_draws_atom, PUBLIC, NULL},
    {"GET", "/api/v1/portal-text", zf_api_portal_text_get, 0, "portal.write"},
    {"POST", "/api/v1/portal-text", zf_api_portal_text_save, JSON, "portal.write"},
    {"GET", "/api/v1/draw-rules-text", zf_api_draw_rules_text_get, 0, "portal.write"},
    {"POST", "/api/v1/draw-rules-text", zf_api_draw_rules_text_save, JSON, "portal.write"},
    /* annual plans, inspection burden, joint inspections (issue 6, part A) */
    {"GET", "/api/v1/enterprises/{id}/burden", zf_api_enterprise_burden, 0, "enterprise.read"},
    /* triggered inspections (issue 6, last gaps): ledger.c */
    {"POST", "/api/v1/enterprises/{id}/ledger", zf_api_enterprise_ledger_add, JSON, "plan.write"},
    {"GET", "/api/v1/plans", zf_api_plans_list, 0, "plan.read"},
    {"POST", "/api/v1/plans/generate", zf_api_plan_generate, JSON, "plan.write"},
    {"POST", "/api/v1/plans/joint/merge", zf_api_plan_joint_merge, JSON, "plan.write"},
    {"GET", "/api/v1/plans/{id}", zf_api_plan_get, 0, "plan.read"},
    {"GET", "/api/v1/plans/{id}/progress", zf_api_plan_progress, 0, "plan.read"},
    {"GET", "/api/v1/plans/{id}/load", zf_api_plan_load, 0, "plan.read"},
    {"GET", "/api/v1/plans/{id}/joint", zf_api_plan_joint, 0, "plan.read"},
    {"POST", "/api/v1/plans/{id}/submit", zf_api_plan_submit, JSON, "plan.write"},
    {"POST", "/api/v1/plans/{id}/approve", zf_api_plan_approve, JSON, "plan.approve"},
    {"POST", "/api/v1/plans/{id}/return", zf_api_plan_return, JSON, "plan.approve"},
    {"POST", "/api/v1/plans/{id}/entries", zf_api_plan_entry_add, JSON, "plan.write"},
    {"PATCH", "/api/v1/plans/{id}/entries/{entry_id}", zf_api_plan_entry_update, JSON,
     "plan.write"},
    {"POST", "/api/v1/plans/{id}/entries/{entry_id}/cancel", zf_api_plan_entry_cancel, JSON,
     "plan.write"},
    {"POST", "/api/v1/plans/{id}/entries/{entry_id}/done", zf_api_plan_entry_done, JSON,
     "plan.write"},
    /* working-day calendar and legal deadlines (issue 8, part A) */
    {"GET", "/api/v1/calendar", zf_api_calendar_get, 0, "calendar.read"},
    {"POST", "/api/v1/calendar/years", zf_api_calendar_import, JSON, "calendar.write"},
    {"GET", "/api/v1/deadlines/rules", zf_api_deadline_rules, 0, "deadline.calc"},
    {"POST", "/api/v1/deadlines/compute", zf_api_deadline_compute, JSON, "deadline.calc"},
    {"POST", "/api/v1/deadlines/surcharge", zf_api_deadline_surcharge, JSON, "deadline.calc"},
    /* double-random draws and their public record (issue 6, R13/R14);
     * officers' declared relations (回避): the handler allows officer.write
     * in scope or the officer himself */
    {"GET", "/api/v1/draws", zf_api_draws_list, 0, "draw.read"},
    {"POST", "/api/v1/draws", zf_api_draw_create, JSON, "draw.create"},
    {"GET", "/api/v1/draws/preview", zf_api_draw_preview, 0, "draw.create"},
    {"GET", "/api/v1/draws/{id}", zf_api_draw_get, 0, "draw.read"},
    {"POST", "/api/v1/draws/{id}/witness", zf_api_draw_witness, JSON, "draw.witness"},
    {"POST", "/api/v1/draws/{id}/cancel", zf_api_draw_cancel, JSON, "draw.create"},
    {"GET", "/api/v1/public/draws", zf_api_public_draws, PUBLIC, NULL},
    {"GET", "/api/v1/public/draws/{id}", zf_api_public_draw, PUBLIC, NULL},
    {"GET", "/api/v1/public/draws/{id}/record", zf_api_public_draw_record, PUBLIC, NULL},
    {"GET", "/api/v1/public/draw-rules", zf_api_public_draw_rules, PUBLIC, NULL},
    {"GET", "/api/v1/officers/{id}/relations", zf_api_relations_list, 0, "officer.read"},
    {"POST", "/api/v1/officers/{id}/relations", zf_api_relation_create, JSON, "officer.read"},
    {"POST", "/api/v1/officers/{id}/relations/{rid}/end", zf_api_relation_end, JSON,
     "officer.read"},
    /* inspection checklists as data (issue 7, part A) */
    {"GET", "/api/v1/checklists", zf_api_checklists_list, 0, "checklist.read"},
    {"POST", "/api/v1/checklists", zf_api_checklist_create, JSON, "checklist.write"},
    {"GET", "/api/v1/checklists/{code}", zf_api_checklist_get, 0, "checklist.read"},
    {"POST", "/api/v1/checklists/{code}/versions", zf_api_checklist_version_create, JSON,
     "checklist.write"},
    {"POST", "/api/v1/checklists/{code}/retire", zf_api_checklist_retire, JSON, "checklist.write"},
};

zf_router_t *zf_api_router(void) {
    zf_router_t *r = zf_router_new();
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        zf_router_add(r, &routes[i]);
    return r;
}
