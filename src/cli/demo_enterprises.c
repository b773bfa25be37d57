/* demo_enterprises.c — the demo district's enterprise registry (R11): 320
 * enterprises that look like 叶集区 — mostly timber and furniture processing
 * (工贸, combustible wood dust), fuel stations (危化), fireworks retail points
 * (烟花爆竹), a few quarries (非煤矿山) — spread over the six townships/streets
 * and the development zone. Deterministic (a fixed seed), so tests can rely
 * on the counts: see docs/demo.md. Credit codes are constructed with region
 * 341504, a valid GB 11714 organisation code and a valid GB 32100 check
 * character; they belong to no real enterprise. */
#include <stdio.h>
#include <string.h>

#include "api/enterprises.h"
#include "cli/cli.h"
#include "core/uscc.h"
#include "store/log.h"
#include "store/store.h"

#define DEMO_ENTERPRISES 320

/* xorshift64*: the same sequence on every machine. */
static uint64_t rng_state;
static uint32_t rnd(uint32_t n) {
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t)((rng_state * 2685821657736338717ull) >> 33) % n;
}
#define PICK(arr) (arr[rnd(sizeof arr / sizeof arr[0])])

static const char *town_codes[] = {"341504001", "341504002", "341504100", "341504101",
                                   "341504102", "341504200", "341504400"};
static const char *roads[] = {
    "史河路", "平岗路", "迎宾大道", "叶集大道", "三元路",       "工业大道",     "洪集街", "姚李路",
    "孙岗街", "长江路", "淮河路",   "民强路",   "家具产业园路", "木材大市场路", "城西路", "明珠路"};
static const char *brands[] = {"鑫源", "恒达", "华森", "金林", "宏发", "顺达",   "盛林", "永兴",
                               "林海", "兴隆", "瑞丰", "嘉木", "佳美", "福临",   "祥和", "润华",
                               "东升", "同创", "新美", "绿源", "皖西", "大别山", "史河", "安达"};
static const char *wood_kinds[] = {"木业有限公司",   "家具有限公司", "板材加工厂",
                                   "木制品有限公司", "胶合板厂",     "家居制造有限公司",
                                   "木门有限公司",   "实木家具厂"};
static const char *surnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴",
                                 "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"};
static const char *given[] = {"伟",   "芳",   "军",   "敏",   "强",   "磊",  "洋",
                              "勇",   "艳",   "杰",   "明",   "华",   "平",  "刚",
                              "建国", "春梅", "志强", "德胜", "玉兰", "海涛"};

/* 9-character organisation code with its GB 11714 check (LAW.md §9): eight
 * characters from the credit code's set, then the check character. */
static void org_code(char out[10]) {
    static const char set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    static const int w[8] = {3, 7, 9, 10, 5, 8, 4, 2};
    for (;;) {
        int sum = 0;
        out[0] = 'M';
        out[1] = 'A';
        for (int i = 2; i < 8; i++)
            out[i] = set[rnd(31)];
        for (int i = 0; i < 8; i++) {
            char c = out[i];
            sum += ((c >= '0' && c <= '9') ? c - '0' : c - 'A' + 10) * w[i];
        }
        int c = 11 - sum % 11;
        out[8] = c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c);
        out[9] = '\0';
        return;
    }
}

static const char *phone(zf_arena_t *a) {
    static const char *prefix[] = {"138", "139", "150", "151", "153",
                                   "155", "158", "180", "187", "189"};
    return zf_arena_printf(a, "%s%04u%04u", PICK(prefix), rnd(10000), rnd(10000));
}

static const char *person(zf_arena_t *a) {
    return zf_arena_printf(a, "%s%s", PICK(surnames), PICK(given));
}

int zf_demo_enterprises(zf_db_t *db, zf_arena_t *a, zf_error_t *err) {
    rng_state = 0x341504ull * 2654435761ull + 2026;
    zf_unit_t towns[7];
    for (size_t i = 0; i < 7; i++) {
        int rc = zf_unit_get_by_code(db, a, town_codes[i], &towns[i], err);
        if (rc) return rc;
    }
    const char *used[DEMO_ENTERPRISES];
    /* a credit-code group (migration 012, issue 6): the first operating
     * timber works is the head office of the next two in other townships,
     * so placing one under credit punishment flags the others */
    const char *group_head = NULL;
    int64_t group_town = 0;
    int group_members = 0;
    for (int k = 0; k < DEMO_ENTERPRISES; k++) {
        zf_enterprise_t e = {0};
        const zf_unit_t *town = &towns[rnd(7)];
        /* 3% quarries, 12% fuel stations, 14% fireworks retail, 4% other, rest timber */
        uint32_t kind = rnd(100);
        /* 史河街道 → 史河, 三元镇 → 三元, 孙岗乡 → 孙岗 */
        size_t tn = strlen(town->name);
        size_t cut = tn > 6 && strcmp(town->name + tn - 6, "街道") == 0 ? 6 : 3;
        const char *town_short = zf_arena_strndup(a, town->name, tn - cut);
        if (strcmp(town->kind, "devzone") == 0) town_short = "经开区";
        if (kind < 3) {
            e.domain = "mining";
            e.name = zf_arena_printf(a, "叶集区%s%s建筑石料矿", town_short, PICK(brands));
            e.risk = rnd(3) ? "orange" : "red";
            e.scale = rnd(2) ? "below" : "above";
        } else if (kind < 15) {
            e.domain = "hazchem";
            e.name = zf_arena_printf(a, "叶集区%s%s加油站", town_short, PICK(brands));
            e.risk = rnd(4) ? "yellow" : "orange";
            e.scale = rnd(3) ? "micro" : "below";
        } else if (kind < 29) {
            e.domain = "fireworks";
            e.name = zf_arena_printf(a, "叶集区%s%s烟花爆竹零售点", town_short, PICK(brands));
            e.risk = rnd(5) ? "yellow" : "orange";
            e.scale = "micro";
        } else if (kind < 33) {
            e.domain = "other";
            e.name = zf_arena_printf(a, "叶集区%s%s物流有限公司", town_short, PICK(brands));
            e.risk = "blue";
            e.scale = rnd(2) ? "micro" : "below";
        } else {
            /* 工贸: wood processing with combustible dust (粉尘涉爆) */
            e.domain = "industry";
            e.name = zf_arena_printf(a, "六安市叶集区%s%s", PICK(brands), PICK(wood_kinds));
            uint32_t r = rnd(10);
            e.risk = r < 1 ? "orange" : r < 5 ? "yellow" : "blue";
            uint32_t s = rnd(10);
            e.scale = s < 2 ? "above" : s < 6 ? "below" : "micro";
        }
        /* names are unique: a repeat becomes a branch (分公司, then 二分厂…) */
        const char *base = e.name;
        for (int attempt = 0, clash = 1; clash; attempt++) {
            clash = 0;
            for (int i = 0; i < k && !clash; i++)
                clash = strcmp(used[i], e.name) == 0;
            if (clash)
                e.name = attempt == 0 ? zf_arena_printf(a, "%s%s分公司", base, town_short)
                                      : zf_arena_printf(a, "%s第%d分厂", base, attempt + 1);
        }
        used[k] = e.name;
        e.supervision = (strcmp(e.risk, "red") == 0 || strcmp(e.risk, "orange") == 0 ||
                         strcmp(e.domain, "mining") == 0)
                            ? "key"
                            : "general";
        uint32_t st = rnd(100);
        e.status = st < 90 ? "operating" : st < 97 ? "suspended" : "closed";
        char first17[18], org[10];
        org_code(org);
        /* 9 工商 + 1 企业 + 341504 叶集区 + organisation code */
        snprintf(first17, sizeof first17, "91341504%.9s", org);
        e.credit_code = zf_arena_printf(a, "%s%c", first17, zf_uscc_check_char(first17));
        e.address = zf_arena_printf(a, "叶集区%s%s%u号",
                                    strcmp(town->kind, "devzone") == 0 ? "经济开发区" : town->name,
                                    PICK(roads), 1 + rnd(300));
        e.legal_rep = person(a);
        e.legal_rep_phone = phone(a);
        e.contact = rnd(3) ? person(a) : e.legal_rep;
        e.contact_phone = phone(a);
        e.credit_punished = rnd(50) == 0;
        if (strcmp(e.domain, "industry") == 0 && strcmp(e.status, "operating") == 0 &&
            !e.credit_punished) {
            if (!group_head) {
                group_head = e.credit_code;
                group_town = town->id;
            } else if (group_members < 2 && town->id != group_town) {
                e.group_code = group_head;
                group_members++;
            }
        }
        e.unit_id = town->id;
        e.unit_name = town->name;
        e.unit_path = town->path;
        int rc = zf_enterprise_insert(db, a, &e, err);
        if (rc) return rc;
        json_t *after = zf_api_enterprise_json(&e);
        zf_log_entry_t le = {.action = "enterprise.create",
                             .object_type = "enterprise",
                             .object_id = zf_arena_printf(a, "%lld", (long long)e.id),
                             .unit_id = e.unit_id,
                             .after = after};
        int64_t idx = zf_log_append(db, &le, err);
        json_decref(after);
        if (idx < 0) return (int)idx;
    }
    return DEMO_ENTERPRISES;
}
