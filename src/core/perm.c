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
    /* issue 11: the bureau's discipline inspection and supervision (纪检监察)
     * reads the interference register (R31); a partner agency (协作单位) is
     * no account: it is the actor of an exchange-API token, and holds only
     * the exchange actions */
    {"discipline", "纪检监察"},
    {"partner", "协作单位"},
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
    /* 事后公开 (issue 10): reviewers hold, leaders withdraw (行政处罚法 第48条) */
    {"publication.read", "查看处罚决定公开记录",
     "officer legal_reviewer section_head bureau_leader township_officer city_supervisor admin"},
    {"publication.hold", "暂缓公开处罚决定", "legal_reviewer section_head bureau_leader"},
    {"publication.withdraw", "撤回已公开的处罚决定", "section_head bureau_leader"},
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
    /* on-site inspections and hazards (issue 7, part B): everyone reads in
     * scope (the city supervisor too); the enforcing roles record them in
     * their scope (a township officer in her township), the auxiliary too —
     * she may record, but 国办发〔2024〕54号 forbids uncertified staff to carry
     * out an inspection, so she never signs and never counts as an officer
     * (zf_team_check); rectification orders are the officers' acts. */
    {"inspection.read", "查看现场检查", ALL_ROLES},
    {"inspection.write", "记录现场检查", "officer auxiliary section_head township_officer"},
    {"inspection.sign", "现场检查签字确认", "officer section_head township_officer"},
    {"hazard.read", "查看事故隐患", ALL_ROLES},
    {"hazard.write", "责令整改与复查", "officer section_head township_officer"},
    /* issue 11: transfer departments, exchange tokens, shares, notices and
     * consultations with agencies (R27–R29). The list of departments is read
     * by every account (a transfer names one); admin keeps it and issues
     * tokens; the section head and the bureau leader decide what is shared
     * with an agency; whoever handles cases exchanges notices (案件通报、
     * 案情会商). The city supervisor reads, never writes. */
    {"agency.read", "查看协作单位",
     "officer auxiliary legal_reviewer section_head bureau_leader township_officer "
     "city_supervisor admin discipline"},
    {"agency.write", "维护协作单位", "admin"},
    {"agency.share", "向协作单位共享数据", "admin section_head bureau_leader"},
    {"api_token.manage", "管理数据交换接口令牌", "admin"},
    {"notice.read", "查看案件通报与会商",
     "officer legal_reviewer section_head bureau_leader township_officer city_supervisor admin"},
    {"notice.write", "发起或回复案件通报与会商",
     "officer legal_reviewer section_head bureau_leader township_officer admin"},
    /* the exchange API (bearer tokens): only the partner role, and within it
     * only what the token's resources list and the shares allow */
    {"exchange.read", "协作单位读取共享数据", "partner"},
    {"exchange.push", "协作单位推送通报或会商", "partner"},
    /* R31 领导干部干预执法活动记录: any member of staff records that someone
     * asked (中办发〔2015〕23号: 全程留痕、有据可查); only the discipline and
     * supervision roles read the register (the city supervisor reads, never
     * writes). No one edits or deletes it (no route; database triggers). */
    {"interference.read", "查看干预执法活动记录", "discipline bureau_leader city_supervisor"},
    /* credit punishment (issue 10, R26; 应急管理部令第11号: 谁处罚、谁决定):
     * the enforcing staff propose (and record notice, listing, early-removal
     * applications) for the enterprises of their scope; only a bureau leader
     * approves, rejects, decides applications, revokes, restores; the city
     * supervisor reads; the administrator runs the expiry sweep */
    {"credit.read", "查看信用惩戒记录",
     "officer legal_reviewer section_head bureau_leader township_officer city_supervisor admin"},
    {"credit.propose", "拟列入失信名单、登记不良记录", "officer section_head township_officer"},
    {"credit.approve", "批准失信名单列入与移出", "bureau_leader"},
    {"credit.sweep", "执行失信名单期满移出", "admin"},
    {"interference.write", "登记干预执法活动",
     "officer auxiliary legal_reviewer section_head bureau_leader township_officer admin "
     "discipline"},
    /* enforcement documents (issue 9, R24): read within scope by everyone
     * who works on cases and inspections (the city supervisor reads, never
     * writes); issued — numbered, frozen — by certified officers and their
     * heads, never by the auxiliary (辅助人员不得独立执法) or admin; the
     * templates are the administrator's (wording and order only: the fields
     * are checked against the C schema on every save) */
    {"document.read", "查看执法文书",
     "officer auxiliary legal_reviewer section_head bureau_leader township_officer "
     "city_supervisor admin"},
    {"document.issue", "签发执法文书", "officer section_head bureau_leader township_officer"},
    {"document_template.write", "维护执法文书模板", "admin"},
    /* administrative penalty cases (issue 8, part C): everyone reads within
     * scope (the city supervisor reads, never writes; the auxiliary reads
     * only — 辅助人员不得独立执法); officers, section heads, bureau leaders
     * and township officers (their township, by scope) keep the record; the
     * procedure table (core/case.c) checks each event's role, so the
     * transition route admits every role that has an event (legal_return by
     * the legal reviewer, archive by admin); 立案 as the table says (第54条:
     * 经行政机关负责人批准); decisions by the heads, on the spot by officers
     * (第51、57条); legal review and collective discussion (第57、58条);
     * payments by finance — section head, bureau leader, admin — never a
     * case officer (第67条 罚缴分离, checked in api/case_pay.c) */
    {"case.read", "查看案件", ALL_ROLES},
    {"case.write", "办理案件", "officer section_head bureau_leader township_officer"},
    {"case.transition", "案件流转",
     "officer section_head bureau_leader township_officer legal_reviewer admin"},
    {"case.file", "批准立案", "section_head bureau_leader township_officer"},
    {"case.decide", "作出处罚决定", "section_head bureau_leader officer township_officer"},
    {"case.review", "法制审核与集体讨论", "legal_reviewer section_head bureau_leader"},
    {"case.payment", "登记罚款缴纳", "section_head bureau_leader admin"},
    /* statistics (issue 11, R32): the heads, leaders, legal reviewers, the
     * city supervisor and admin read the figures of their scope; officers
     * and township officers only their own unit's (api/stats.c checks the
     * unit); the auxiliary and the discipline role do not */
    /* transfers (issue 11, R27/R28): everyone who works on cases reads in
     * scope (the city supervisor too, never writes); officers, section heads
     * and township officers of the case's unit propose or send (安全生产法
     * 第69条; 310号令第5条: 专案组 of officers); only the 正职负责人 approves
     * or refuses a criminal transfer (310号令第5条) — bureau_leader; the
     * later steps are recorded by the case handlers and the leader */
    {"transfer.read", "查看移送记录",
     "officer auxiliary legal_reviewer section_head bureau_leader township_officer "
     "city_supervisor admin"},
    {"transfer.propose", "提出或登记移送", "officer section_head township_officer"},
    {"transfer.approve", "审批涉嫌犯罪案件移送", "bureau_leader"},
    {"transfer.write", "登记移送后续步骤", "officer section_head bureau_leader township_officer"},
    /* 公益诉讼: the legal section (政策法规) and the heads answer the
     * procuratorate; case handlers and the city supervisor read */
    {"litigation.read", "查看公益诉讼",
     "officer legal_reviewer section_head bureau_leader township_officer city_supervisor admin"},
    {"litigation.write", "登记检察建议与回复", "legal_reviewer section_head bureau_leader"},
    {"stats.read", "查看统计分析",
     "section_head bureau_leader city_supervisor admin legal_reviewer officer township_officer"},
    /* case-file evaluation (案卷评查, issue 11, R30): the supervising roles
     * read rounds and results in their scope; the legal reviewers, section
     * heads, bureau leaders and the city supervisor (市级评查 is supervision,
     * the one write he holds) set up rounds and reopen their own; the
     * evaluators named in a round score (never a case they handled: 回避,
     * api/evaluation_sheet.c); only admin publishes a new standard version;
     * every account reads and answers the feedback addressed to it */
    {"evaluation.read", "查看案卷评查",
     "legal_reviewer section_head bureau_leader city_supervisor admin"},
    {"evaluation.standard", "维护案卷评查标准", "admin"},
    {"evaluation.manage", "组织案卷评查",
     "legal_reviewer section_head bureau_leader city_supervisor"},
    {"evaluation.score", "案卷评查打分", "legal_reviewer section_head city_supervisor"},
    {"evaluation.feedback", "查看并答复评查反馈", ALL_ROLES},
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
