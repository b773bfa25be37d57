/* perm.c — see perm.h. The table below is the whole policy: one row per
 * action, the roles that may do it. Reading it is reading the rules. */
#include "core/perm.h"

#include <string.h>

static const zf_role_info_t roles[] = {
    {"officer", "执法人员"},
    {"auxiliary", "执法辅助人员"},
    {"legal_reviewer", "法制审核人员"},
    {"section_head", "科室负责人"},
    {"bureau_leader", "局领导"},
    {"township_officer", "乡镇执法人员"},
    {"city_supervisor", "市级监督"},
    {"admin", "系统管理员"},
};

#define NROLES (sizeof roles / sizeof roles[0])
#define ALL_ROLES                                                                                  \
    "officer auxiliary legal_reviewer section_head bureau_leader township_officer "                \
    "city_supervisor admin"

struct rule {
    const char *action;
    const char *label;
    const char *roles; /* space-separated role codes */
};

static const struct rule rules[] = {
    {"unit.read", "查看组织机构", ALL_ROLES},
    {"unit.write", "管理组织机构", "admin"},
    {"user.read", "查看用户", "admin bureau_leader section_head city_supervisor"},
    {"user.write", "管理用户", "admin"},
    /* The content of the full-process record is read inside one's scope;
     * checkpoints and proofs are public (R22: anyone can verify). */
    {"log.read", "查看全过程记录", ALL_ROLES},
    {"history.read", "查看对象历史", ALL_ROLES},
    /* catalogue and discretion (issue 3): the catalogue is public law inside
     * the platform, so everyone signed in reads it; admin and the legal
     * reviewers (政策法规股) keep it; "use" = open a case or inspection on an
     * item (township officers only delegated ones, core/catalogue.c). */
    {"catalogue.read", "查看执法事项目录", ALL_ROLES},
    {"catalogue.write", "维护执法事项目录", "admin legal_reviewer"},
    {"catalogue.use", "适用执法事项", "officer section_head bureau_leader township_officer"},
    {"discretion.calc", "裁量计算", ALL_ROLES},
    {"legal_param.read", "查看法定参数", ALL_ROLES},
    {"legal_param.write", "维护法定参数", "admin"},
    /* the public portal's texts (事前公开, 行政处罚法 第39条): what the bureau
     * publishes about itself; its administrator keeps them */
    {"portal.write", "维护执法公示内容", "admin"},
    /* enterprise registry (issue 3, R11): every district role and the city
     * supervisor read (scope does the rest: a township officer sees her
     * township's enterprises only); the enforcing roles keep it. */
    {"enterprise.read", "查看企业库", ALL_ROLES},
    {"enterprise.write", "维护企业库", "admin section_head officer township_officer"},
    /* issue 4: everyone reads the officer, training and equipment lists of
     * their scope (teams are chosen from them); admin and section heads edit */
    {"officer.read", "查看执法人员", ALL_ROLES},
    {"officer.write", "管理执法人员", "admin section_head"},
    {"training.read", "查看培训记录", ALL_ROLES},
    {"training.write", "登记培训记录", "admin section_head"},
    {"equipment.read", "查看执法装备", ALL_ROLES},
    {"equipment.write", "管理执法装备", "admin section_head"},
    {"officer.report", "查看队伍建设报表",
     "admin bureau_leader section_head legal_reviewer township_officer city_supervisor"},
    /* officers follow-up: the dated numbers of the officer rules (officer_settings) */
    {"officer.settings", "设置执法人员规则参数", "admin"},
    /* background jobs: everyone may poll their own jobs (the handler checks the owner) */
    {"job.read", "查看后台任务进度", ALL_ROLES},
    /* annual plans (issue 6, R12): everyone reads within scope (a township
     * officer her township's plan, the city supervisor all); the section
     * head and the township officer (own unit, by scope) draw them up; the
     * bureau leader approves (安监总政法〔2017〕150号: 计划经批准后实施) */
    {"plan.read", "查看年度计划", ALL_ROLES},
    {"plan.write", "编制年度计划", "admin section_head township_officer"},
    {"plan.approve", "批准年度计划", "bureau_leader"},
    /* working-day calendar and deadlines (issue 8): the calendar and the
     * deadline calculators are for everyone signed in; only admin imports a
     * year of the State Council's holiday arrangement */
    {"calendar.read", "查看工作日历", ALL_ROLES},
    {"calendar.write", "导入工作日历", "admin"},
    {"deadline.calc", "期限计算", ALL_ROLES},
    /* double-random draws (issue 6, R13/R14): everyone signed in reads within
     * scope; admin, section heads and township officers (their township, by
     * scope) freeze a draw; the witness is a second person with authority
     * over the draw — bureau leader, section head, legal reviewer (法制审核)
     * — and never its creator (checked in api/draws.c). Not the city
     * supervisor: the witness value changes the result, and the supervisor
     * reads but never writes; he checks a draw through its public record. */
    {"draw.read", "查看双随机抽查", ALL_ROLES},
    {"draw.create", "发起双随机抽查", "admin section_head township_officer"},
    {"draw.witness", "见证双随机抽取", "bureau_leader section_head legal_reviewer"},
    /* inspection checklists (issue 7, part A): the questions officers answer
     * on site, each citing its rule and catalogue item, so everyone signed in
     * reads them; they are law-derived content like the catalogue, so the
     * same people keep them — admin and the legal reviewers (政策法规),
     * who check each clause and catalogue mapping. Not unit-scoped. */
    {"checklist.read", "查看检查表", ALL_ROLES},
    {"checklist.write", "维护检查表", "admin legal_reviewer"},
};

#define NRULES (sizeof rules / sizeof rules[0])

size_t zf_roles_count(void) { return NROLES; }
const zf_role_info_t *zf_role_at(size_t i) { return i < NROLES ? &roles[i] : NULL; }

const char *zf_role_name(const char *code) {
    if (!code) return NULL;
    for (size_t i = 0; i < NROLES; i++)
        if (strcmp(roles[i].code, code) == 0) return roles[i].name;
    return NULL;
}

size_t zf_actions_count(void) { return NRULES; }
const char *zf_action_at(size_t i) { return i < NRULES ? rules[i].action : NULL; }

static const struct rule *find_rule(const char *action) {
    if (!action) return NULL;
    for (size_t i = 0; i < NRULES; i++)
        if (strcmp(rules[i].action, action) == 0) return &rules[i];
    return NULL;
}

const char *zf_action_label(const char *action) {
    const struct rule *r = find_rule(action);
    return r ? r->label : NULL;
}

/* Is `word` one of the space-separated words of `list`? */
static int list_has(const char *list, const char *word) {
    size_t n = strlen(word);
    const char *p = list;
    while (*p) {
        const char *end = strchr(p, ' ');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && strncmp(p, word, n) == 0) return 1;
        if (!end) break;
        p = end + 1;
    }
    return 0;
}

int zf_perm_role_may(const char *role, const char *action) {
    const struct rule *r = find_rule(action);
    if (!r || !role || !zf_role_name(role)) return 0;
    return list_has(r->roles, role);
}

int zf_perm_in_scope(const char *scope_path, const char *target_path) {
    if (!scope_path || !target_path || !*scope_path) return 0;
    size_t n = strlen(scope_path);
    /* paths end in '/', so "/1/2/" never matches "/1/23/" */
    if (scope_path[n - 1] != '/') return 0;
    return strncmp(scope_path, target_path, n) == 0;
}

int zf_perm_check(const zf_actor_t *actor, const char *action, const char *target_path,
                  zf_error_t *err) {
    const char *label = zf_action_label(action);
    if (!actor || !actor->role)
        return zf_error_set(err, ZF_EAUTH, 401, "auth.required", NULL, "请先登录");
    if (!zf_perm_role_may(actor->role, action)) {
        const char *role_name = zf_role_name(actor->role);
        return zf_error_set(err, ZF_EPERM, 403, "perm.denied", NULL, "无权限：%s不能%s",
                            role_name ? role_name : actor->role, label ? label : action);
    }
    if (target_path && !zf_perm_in_scope(actor->scope_path, target_path))
        return zf_error_set(err, ZF_EPERM, 403, "perm.out_of_scope", NULL,
                            "无权限：该记录不属于您所在单位的管辖范围，不能%s",
                            label ? label : action);
    return 0;
}

const char *zf_perm_scope_root(const char *role, const char *unit_path, const char *bureau_path) {
    if (!role || strcmp(role, "township_officer") == 0 || strcmp(role, "city_supervisor") == 0)
        return unit_path;
    return bureau_path ? bureau_path : unit_path;
}
