/* demo_officers.c — the officers of the demo district (issue 4): 43 people
 * across the brigade and the township offices (36 officers, 5 auxiliaries,
 * 2 experts), their training in the last and the current year, authorised
 * posts and equipment. Dates are relative to the day the demo is loaded, so
 * the reports always show something: one certificate expired 12 days ago
 * (郑凯), two expiring in 9 and 23 days (何斌, 罗静), officers short of
 * refresher training, one still in onboarding, two units below the 75%
 * professional ratio (平岗街道, 孙岗乡) and a few equipment shortfalls.
 * Only the existing demo accounts get officer records linked to users; the
 * rest have no account, which keeps `zhifa demo` fast (no password hashing). */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "cli/demo_log.h"
#include "cli/demo_officers.h"
#include "core/officers.h"
#include "store/log.h"
#include "store/officers.h"
#include "store/store.h"

/* cert: days from today to expiry (0 = the default: ~2-4 years ahead).
 * refresher: 2 = two weeks this year, 1 = one week (short 5 days), 0 = none. */
static const struct person {
    const char *name, *username, *unit, *kind;
    int cert_days;    /* expiry relative to today; 0 = far ahead */
    int edu_relevant; /* 应急管理相关学历 */
    const char *education, *qualification;
    int practice_years;
    int refresher; /* this year's refresher: 2, 1 or 0 weeks */
    int new_hire;  /* onboarding still running */
} people[] = {
    /* 执法大队 (brigade) */
    {"陈杰", "chenjie", "341504-01", "officer", 0, 1, "硕士 安全工程", "注册安全工程师", 12, 2, 0},
    {"张伟", "zhangwei", "341504-01", "officer", 0, 1, "本科 安全工程", "", 8, 2, 0},
    {"李强", "liqiang", "341504-01", "officer", 0, 0, "本科 法学", "法律职业资格", 6, 2, 0},
    {"郑凯", NULL, "341504-01", "officer", -12, 1, "本科 化学工程", "", 9, 2, 0},
    {"何斌", NULL, "341504-01", "officer", 9, 0, "本科 机械工程", "注册安全工程师", 5, 1, 0},
    {"罗静", NULL, "341504-01", "officer", 23, 1, "本科 安全工程", "", 4, 2, 0},
    {"吴昊", NULL, "341504-01", "officer", 0, 1, "本科 消防工程", "", 3, 2, 0},
    {"徐磊", NULL, "341504-01", "officer", 0, 0, "大专 电气自动化", "特种作业安全监管资格", 7, 0,
     0},
    {"孙浩", NULL, "341504-01", "officer", 0, 1, "本科 应急管理", "", 2, 2, 0},
    {"胡敏", NULL, "341504-01", "officer", 0, 0, "本科 行政管理", "", 11, 2, 0},
    {"朱丹", NULL, "341504-01", "officer", 0, 1, "本科 安全工程", "注册安全工程师", 6, 1, 0},
    {"高峰", NULL, "341504-01", "officer", 0, 0, "本科 汉语言文学", "", 1, 2, 0},
    {"林涛", NULL, "341504-01", "officer", 0, 1, "硕士 化学工程", "", 3, 2, 0},
    {"梁宇", NULL, "341504-01", "officer", 0, 1, "本科 采矿工程", "", 5, 2, 0},
    {"宋佳", NULL, "341504-01", "officer", 0, 0, "本科 法学", "法律职业资格", 2, 2, 0},
    {"唐亮", NULL, "341504-01", "officer", 0, 1, "本科 安全工程", "", 0, 0, 1},
    {"王芳", "wangfang", "341504-01", "auxiliary", 0, 0, "大专 文秘", "", 3, 0, 0},
    {"许娜", NULL, "341504-01", "auxiliary", 0, 0, "大专 计算机", "", 2, 0, 0},
    {"邓超", NULL, "341504-01", "auxiliary", 0, 0, "高中", "", 4, 0, 0},
    {"钱立群", NULL, "341504-01", "expert", 0, 1, "教授 安全科学与工程", "注册安全工程师", 25, 0,
     0},
    {"冯国栋", NULL, "341504-01", "expert", 0, 0, "高级工程师 木材加工", "", 20, 0, 0},
    /* 史河街道 */
    {"孙丽", "sunli", "341504001", "officer", 0, 1, "本科 安全工程", "", 5, 2, 0},
    {"韩雪", NULL, "341504001", "officer", 0, 0, "本科 会计", "注册安全工程师", 3, 2, 0},
    {"曹阳", NULL, "341504001", "officer", 0, 1, "大专 化工技术", "", 6, 1, 0},
    {"彭飞", NULL, "341504001", "officer", 0, 0, "本科 工商管理", "", 4, 2, 0},
    {"袁媛", NULL, "341504001", "auxiliary", 0, 0, "大专 行政管理", "", 1, 0, 0},
    /* 平岗街道: below 75% (1 of 3) */
    {"周军", "zhoujun", "341504002", "officer", 0, 0, "本科 行政管理", "", 2, 2, 0},
    {"蒋涛", NULL, "341504002", "officer", 0, 0, "大专 市场营销", "", 1, 0, 0},
    {"蔡琳", NULL, "341504002", "officer", 0, 1, "本科 安全工程", "", 2, 2, 0},
    {"余勇", NULL, "341504002", "auxiliary", 0, 0, "高中", "", 5, 0, 0},
    /* 三元镇 */
    {"杜刚", NULL, "341504100", "officer", 0, 1, "本科 安全工程", "", 6, 2, 0},
    {"程鹏", NULL, "341504100", "officer", 0, 0, "本科 法学", "法律职业资格", 3, 2, 0},
    {"魏红", NULL, "341504100", "officer", 0, 0, "大专 林学", "", 8, 1, 0},
    /* 洪集镇 */
    {"苏明", NULL, "341504101", "officer", 0, 1, "本科 化学", "", 4, 2, 0},
    {"丁伟", NULL, "341504101", "officer", 0, 0, "本科 土木工程", "注册安全工程师", 2, 2, 0},
    {"沈洁", NULL, "341504101", "officer", 0, 0, "大专 会计", "", 5, 2, 0},
    /* 姚李镇 */
    {"卢斌", NULL, "341504102", "officer", 0, 1, "本科 安全工程", "", 3, 2, 0},
    {"姜楠", NULL, "341504102", "officer", 0, 0, "本科 机械工程", "", 4, 0, 0},
    /* 孙岗乡: below 75% (1 of 2) */
    {"崔健", NULL, "341504200", "officer", 0, 0, "大专 农学", "", 1, 2, 0},
    {"汪洋", NULL, "341504200", "officer", 0, 1, "本科 应急技术与管理", "", 2, 1, 0},
    /* 叶集经济开发区 */
    {"任杰", NULL, "341504400", "officer", 0, 1, "本科 安全工程", "注册安全工程师", 7, 2, 0},
    {"方圆", NULL, "341504400", "officer", 0, 0, "本科 化学工程", "", 5, 2, 0},
    {"石磊", NULL, "341504400", "officer", 0, 1, "本科 消防工程", "", 3, 2, 0},
};

static const struct {
    const char *unit;
    int posts;
} posts[] = {
    {"341504-01", 20}, {"341504001", 5}, {"341504002", 4}, {"341504100", 4},
    {"341504101", 4},  {"341504102", 3}, {"341504200", 3}, {"341504400", 4},
};

/* Equipment held per unit, by category; with the standard in migration 004
 * the brigade lacks 3 body cameras, 孙岗乡 a vehicle, 洪集镇 a gas detector,
 * 开发区 a dust tester. Per-officer body cameras go to the unit's officers. */
static const struct {
    const char *unit, *category, *name;
    int count;
} kit[] = {
    {"341504-01", "body_camera", "执法记录仪 DSJ-V9", 13},
    {"341504-01", "mobile_terminal", "移动执法终端 ZF-T8", 16},
    {"341504-01", "vehicle", "执法执勤用车 江淮瑞风", 2},
    {"341504-01", "gas_detector", "四合一气体检测仪 MX4", 2},
    {"341504-01", "dust_tester", "粉尘浓度检测仪 CCZ-1000", 1},
    {"341504001", "body_camera", "执法记录仪 DSJ-V9", 4},
    {"341504001", "mobile_terminal", "移动执法终端 ZF-T8", 1},
    {"341504001", "vehicle", "执法执勤用车 比亚迪秦", 1},
    {"341504001", "gas_detector", "四合一气体检测仪 MX4", 1},
    {"341504002", "body_camera", "执法记录仪 DSJ-V9", 3},
    {"341504002", "mobile_terminal", "移动执法终端 ZF-T8", 1},
    {"341504002", "vehicle", "执法执勤用车 比亚迪秦", 1},
    {"341504002", "gas_detector", "四合一气体检测仪 MX4", 1},
    {"341504100", "body_camera", "执法记录仪 DSJ-V9", 3},
    {"341504100", "mobile_terminal", "移动执法终端 ZF-T8", 1},
    {"341504100", "vehicle", "执法执勤用车 比亚迪秦", 1},
    {"341504100", "gas_detector", "四合一气体检测仪 MX4", 1},
    {"341504101", "body_camera", "执法记录仪 DSJ-V9", 3},
    {"341504101", "mobile_terminal", "移动执法终端 ZF-T8", 1},
    {"341504101", "vehicle", "执法执勤用车 比亚迪秦", 1},
    {"341504102", "body_camera", "执法记录仪 DSJ-V9", 2},
    {"341504102", "mobile_terminal", "移动执法终端 ZF-T8", 1},
    {"341504102", "vehicle", "执法执勤用车 比亚迪秦", 1},
    {"341504102", "gas_detector", "四合一气体检测仪 MX4", 1},
    {"341504200", "body_camera", "执法记录仪 DSJ-V9", 2},
    {"341504200", "mobile_terminal", "移动执法终端 ZF-T8", 1},
    {"341504200", "gas_detector", "四合一气体检测仪 MX4", 1},
    {"341504400", "body_camera", "执法记录仪 DSJ-V9", 3},
    {"341504400", "mobile_terminal", "移动执法终端 ZF-T8", 1},
    {"341504400", "vehicle", "执法执勤用车 江淮瑞风", 1},
    {"341504400", "gas_detector", "四合一气体检测仪 MX4", 1},
};

static const char *fmt_day(zf_arena_t *a, zf_day_t d) {
    char *s = zf_arena_alloc(a, 11);
    zf_day_format(d, s);
    return s;
}

/* Monday on or after d (1970-01-01 was a Thursday). */
static zf_day_t monday_from(zf_day_t d) {
    while (((d % 7) + 7 + 3) % 7 != 0)
        d++;
    return d;
}

static int add_training(zf_db_t *db, zf_arena_t *a, const zf_officer_t *o, const char *kind,
                        zf_day_t start, zf_day_t end, int days, const char *topic,
                        const char *provider, zf_error_t *err) {
    zf_training_t in = {.officer_id = o->id,
                        .kind = kind,
                        .start_date = fmt_day(a, start),
                        .end_date = fmt_day(a, end),
                        .days = days,
                        .hours = days * 6,
                        .topic = topic,
                        .provider = provider},
                  out;
    int rc = zf_training_insert(db, a, &in, &out, err);
    if (rc) return rc;
    return zf_demo_log(db, a, 0, "training.create", "training", out.id, o->unit_id,
                       json_pack("{s:I, s:s, s:s, s:s, s:s, s:I}", "officer_id", (json_int_t)o->id,
                                 "officer_name", o->name, "kind", kind, "start_date",
                                 out.start_date, "end_date", out.end_date, "days",
                                 (json_int_t)days),
                       err);
}

int zf_demo_officers_load(zf_db_t *db, zf_arena_t *a, zf_error_t *err) {
    zf_day_t today = zf_api_officers_today();
    int year = zf_day_year(today);
    zf_day_t jan1 = zf_day_from_ymd(year, 1, 1), last_year = zf_day_from_ymd(year - 1, 1, 1);
    int serial = 0;
    for (size_t i = 0; i < sizeof people / sizeof people[0]; i++) {
        const struct person *p = &people[i];
        zf_unit_t unit;
        int rc = zf_unit_get_by_code(db, a, p->unit, &unit, err);
        if (rc) return rc;
        zf_officer_t in = {0}, o;
        if (p->username) {
            zf_user_t u;
            rc = zf_user_get_by_username(db, a, p->username, &u, err);
            if (rc) return rc;
            in.user_id = u.id;
        }
        int is_officer = strcmp(p->kind, "officer") == 0;
        /* hired 3–9 years ago; certificates run six years (皖 issue, 未核实) */
        zf_day_t hired =
            p->new_hire ? today - 40 : today - 365 * (3 + (int)(i % 7)) - 30 * (int)(i % 5);
        zf_day_t issued = p->new_hire ? today - 10 : hired + 120;
        zf_day_t expires = p->cert_days ? today + p->cert_days : issued + 365 * 6;
        while (!p->cert_days && expires < today + 200)
            expires += 365 * 2;
        in.unit_id = unit.id;
        in.name = p->name;
        in.kind = p->kind;
        in.status = "serving";
        in.cert_no = is_officer
                         ? zf_arena_printf(a, "皖%s%05d",
                                           strcmp(p->unit, "341504-01") == 0 ? "LA01" : "LA02",
                                           1201 + (int)i)
                         : "";
        in.cert_issuer = is_officer ? "安徽省人民政府" : "";
        in.cert_issued_on = is_officer ? fmt_day(a, issued) : "";
        in.cert_expires_on = is_officer ? fmt_day(a, expires) : "";
        in.education = p->education;
        in.education_relevant = p->edu_relevant;
        in.qualifications = p->qualification;
        in.practice_years = p->practice_years;
        in.injury_insurance_until = fmt_day(a, zf_day_from_ymd(year, 12, 31));
        in.accident_insurance_until =
            fmt_day(a, zf_day_from_ymd(i % 9 == 4 ? year - 1 : year, 12, 31));
        rc = zf_officer_insert(db, a, &in, &o, err);
        if (rc == 0)
            rc = zf_demo_log(db, a, 0, "officer.create", "officer", o.id, o.unit_id,
                             json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)o.id, "name",
                                       o.name, "kind", o.kind, "cert_no", o.cert_no,
                                       "cert_expires_on", o.cert_expires_on),
                             err);
        if (rc) return rc;
        if (!is_officer) continue;
        /* onboarding: three months from a Monday (the new hire is still in it) */
        zf_day_t on_start = monday_from(hired);
        zf_day_t on_end = zf_day_add_months(on_start, 3) - 1;
        rc = add_training(db, a, &o, "onboarding", on_start, on_end, 65,
                          "应急管理综合行政执法入职培训", "安徽省应急管理厅培训中心", err);
        if (rc) return rc;
        if (p->new_hire) continue;
        /* last year: two one-week sessions (10 days) for everyone */
        zf_day_t s1 = monday_from(last_year + 60), s2 = monday_from(last_year + 250);
        rc = add_training(db, a, &o, "refresher", s1, s1 + 4, 5, "安全生产法及执法程序复训",
                          "六安市应急管理局", err);
        if (rc == 0)
            rc = add_training(db, a, &o, "refresher", s2, s2 + 4, 5, "工贸行业粉尘防爆专项执法培训",
                              "六安市应急管理局", err);
        if (rc) return rc;
        /* this year: weeks that ended before today, inside this year */
        for (int w = 0; w < p->refresher; w++) {
            zf_day_t s = monday_from(today - 70 + 35 * w - 7);
            if (s < jan1) s = monday_from(jan1);
            if (s + 4 >= today) break;
            rc = add_training(db, a, &o, "refresher", s, s + 4, 5,
                              w == 0 ? "危险化学品安全监管执法复训" : "行政处罚法与说理式执法复训",
                              "叶集区应急管理局", err);
            if (rc) return rc;
        }
        serial++;
    }
    (void)serial;
    for (size_t i = 0; i < sizeof posts / sizeof posts[0]; i++) {
        zf_unit_t unit;
        zf_unit_posts_t out;
        int rc = zf_unit_get_by_code(db, a, posts[i].unit, &unit, err);
        if (rc == 0) rc = zf_unit_posts_set(db, unit.id, 0, posts[i].posts, &out, err);
        if (rc == 0)
            rc = zf_demo_log(db, a, 0, "posts.update", "unit_posts", unit.id, unit.id,
                             json_pack("{s:I, s:s, s:I}", "unit_id", (json_int_t)unit.id, "name",
                                       unit.name, "authorised", (json_int_t)posts[i].posts),
                             err);
        if (rc) return rc;
    }
    for (size_t i = 0; i < sizeof kit / sizeof kit[0]; i++) {
        zf_unit_t unit;
        int rc = zf_unit_get_by_code(db, a, kit[i].unit, &unit, err);
        if (rc) return rc;
        zf_officer_t *officers = NULL;
        size_t nofficers = 0;
        if (strcmp(kit[i].category, "body_camera") == 0) {
            rc = zf_officers_list(db, a, unit.path, unit.id, "officer", "serving", NULL, &officers,
                                  &nofficers, err);
            if (rc) return rc;
        }
        for (int k = 0; k < kit[i].count; k++) {
            zf_equipment_t in = {.unit_id = unit.id,
                                 .category = kit[i].category,
                                 .name = kit[i].name,
                                 .status = "in_use",
                                 .serial_no =
                                     zf_arena_printf(a, "YJ-%s-%02d", kit[i].category, k + 1)},
                           out;
            if ((size_t)k < nofficers) in.officer_id = officers[k].id;
            rc = zf_equipment_insert(db, a, &in, &out, err);
            if (rc == 0)
                rc = zf_demo_log(db, a, 0, "equipment.create", "equipment", out.id, unit.id,
                                 json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)out.id,
                                           "category", out.category, "name", out.name, "serial_no",
                                           out.serial_no),
                                 err);
            if (rc) return rc;
        }
    }
    return 0;
}

size_t zf_demo_officers_count(void) { return sizeof people / sizeof people[0]; }
