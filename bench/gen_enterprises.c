/* gen_enterprises.c — the enterprise registry of a district scaled up (issue
 * 12: "100,000 enterprises"), for zhifa-bench-gen --enterprises N.
 *
 * Each enterprise is written as the registry writes one (zf_enterprise_insert,
 * the store's own prepared INSERT) with its "enterprise.import" log event
 * (zf_log_append, the event the bulk import writes), `batch` per
 * transaction. What they look like (deterministic: a fixed seed):
 *   - over the demo district's six townships/streets and the development
 *     zone (units of kind township/devzone, code 341504…), weighted by size:
 *     史河街道 22 %, 经开区 19 %, 平岗街道 15 %, 三元镇 14 %, 洪集镇 12 %,
 *     姚李镇 10 %, 孙岗乡 8 %;
 *   - domains as the demo's registry (and 叶集's economy): 67 % 工贸 (timber,
 *     furniture, boards, food, textiles, building materials, machinery …),
 *     12 % 危化 (fuel and gas stations, paint and chemicals dealers), 14 %
 *     烟花爆竹 retail points, 3 % 非煤矿山 (quarries, sand), 4 % 其他
 *     (logistics, warehouses, trade); scale, risk, supervision class and
 *     status per domain as demo_enterprises.c draws them;
 *   - names "六安市叶集区鑫源木业有限公司", "叶集区三元恒达加油站", … unique
 *     (a repeat becomes a 分公司 of the town, then 第N分厂);
 *   - addresses on the towns' roads, or a village's group (…村3组) in the
 *     rural townships; legal representative, contact and mobile numbers;
 *   - unified social credit codes valid under GB 32100-2015: 9 (工商) + 1
 *     企业 (2 个体工商户 for a third of the retail points and shops) +
 *     region 341504 (叶集区; one in ten 341500, registered by the city) +
 *     a 9-character organisation code "MA" + 6 characters with its GB 11714
 *     check character, + the GB 32100 check character from core/uscc.c. The
 *     6 characters walk a bijection of the counter (unique, not sequential
 *     looking); a code the demo drew already is skipped. Every code is
 *     checked with zf_uscc_check before it is written: valid, no warning,
 *     already normalised — else the generator stops. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gen_cases.h"

#include "api/enterprises.h"
#include "core/uscc.h"
#include "store/log.h"
#include "store/store.h"

static uint64_t rng;
static uint32_t rnd(uint32_t n) {
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return (uint32_t)((rng * 2685821657736338717ull) >> 33) % n;
}
#define N_OF(arr) (sizeof arr / sizeof arr[0])
#define PICK(arr) (arr[rnd(N_OF(arr))])

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, const zf_error_t *err) {
    fprintf(stderr, "\nzhifa-bench-gen: enterprises: %s: %s\n", what, err ? err->message : "");
    exit(1);
}

/* the towns with their share (per cent) */
static const struct {
    const char *code;
    int weight;
    int rural;
} TOWNS[] = {{"341504001", 22, 0}, {"341504400", 19, 0}, {"341504002", 15, 0}, {"341504100", 14, 1},
             {"341504101", 12, 1}, {"341504102", 10, 1}, {"341504200", 8, 1}};

static const char *const ROADS[] = {
    "史河路",       "平岗路",       "迎宾大道", "叶集大道", "三元路",   "工业大道",
    "洪集街",       "姚李路",       "孙岗街",   "长江路",   "淮河路",   "民强路",
    "家具产业园路", "木材大市场路", "城西路",   "明珠路",   "皖西大道", "光明路",
    "解放路",       "建设路",       "人民路",   "兴业路",   "创业大道", "经三路"};
static const char *const VILLAGES[] = {"新华", "红星", "光明", "双河", "枣林", "桃园",
                                       "杨湾", "柳林", "大店", "新店", "王楼", "刘岗",
                                       "黄湾", "李湾", "胡店", "石桥", "龙潭", "松林"};
/* two-character trade names; a third of the brands take the first
 * character of one and the whole of another (鑫恒达) */
static const char *const BRANDS[] = {
    "鑫源", "恒达", "华森", "金林", "宏发", "顺达", "盛林", "永兴", "林海", "兴隆", "瑞丰", "嘉木",
    "佳美", "福临", "祥和", "润华", "东升", "同创", "新美", "绿源", "皖西", "大别", "史河", "安达",
    "鼎盛", "泰和", "明辉", "宏远", "振华", "天成", "富源", "聚鑫", "隆昌", "远航", "金鼎", "德润",
    "凯达", "锦程", "万通", "汇丰", "昌盛", "合力", "晨光", "旭日", "春晖", "蓝天", "青松", "翠竹",
    "金叶", "银杏", "长兴", "久安", "顺鑫", "永盛", "宝丰", "华瑞", "诚信", "信达", "伟业", "正阳"};
static const char *const WOOD[] = {
    "木业有限公司",     "家具有限公司",     "板材加工厂",       "木制品有限公司",   "胶合板厂",
    "家居制造有限公司", "木门有限公司",     "实木家具厂",       "竹木制品有限公司", "食品有限公司",
    "纺织有限公司",     "新型建材有限公司", "机械制造有限公司", "包装材料有限公司", "塑业有限公司",
    "金属制品有限公司", "服饰有限公司",     "粮油加工厂",       "砖瓦厂",           "饲料有限公司"};
static const char *const HAZCHEM[] = {"加油站",       "加油站",       "加油站",     "液化气站",
                                      "化工有限公司", "气体有限公司", "油漆经营部", "加气站"};
static const char *const FIREWORKS[] = {"烟花爆竹零售点", "烟花爆竹零售点", "烟花爆竹经营部"};
static const char *const MINING[] = {"建筑石料矿", "砂石有限公司", "采石场"};
static const char *const OTHER[] = {"物流有限公司", "仓储有限公司", "商贸有限公司",
                                    "超市",         "酒店",         "汽车维修厂"};
static const char *const SURNAMES[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴",
                                       "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗",
                                       "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧"};
static const char *const GIVEN[] = {"伟",   "芳",   "军",   "敏",   "强",   "磊",   "洋",
                                    "勇",   "艳",   "杰",   "明",   "华",   "平",   "刚",
                                    "建国", "春梅", "志强", "德胜", "玉兰", "海涛", "文斌",
                                    "秀英", "桂芳", "国庆", "红梅", "晓东", "永红", "立新"};
static const char *const MOBILE[] = {"138", "139", "150", "151", "153", "155",
                                     "158", "180", "187", "189", "177", "199"};

/* the short name a town goes by in a trade name: 史河街道 → 史河, 三元镇 →
 * 三元, 叶集经济开发区 → 经开区 */
static const char *town_short(zf_arena_t *a, const zf_unit_t *u) {
    if (strcmp(u->kind, "devzone") == 0) return "经开区";
    size_t n = strlen(u->name);
    size_t cut = n > 6 && strcmp(u->name + n - 6, "街道") == 0 ? 6 : 3;
    return zf_arena_strndup(a, u->name, n - cut);
}

/* 9-character organisation code, GB 11714 (LAW.md §9): "MA", six
 * characters of the code's set from x (< 31^6), the check character */
static void org_code(uint64_t x, char out[10]) {
    static const char set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    static const int w[8] = {3, 7, 9, 10, 5, 8, 4, 2};
    out[0] = 'M';
    out[1] = 'A';
    for (int i = 7; i >= 2; i--) {
        out[i] = set[x % 31];
        x /= 31;
    }
    int sum = 0;
    for (int i = 0; i < 8; i++) {
        char c = out[i];
        sum += ((c >= '0' && c <= '9') ? c - '0' : c - 'A' + 10) * w[i];
    }
    int c = 11 - sum % 11;
    out[8] = c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c);
    out[9] = '\0';
}

/* FNV-1a: the names drawn so far, in an open-addressing set */
static uint64_t fnv(const char *s) {
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h ? h : 1;
}

typedef struct nameset {
    uint64_t *slot;
    size_t cap;
} nameset_t;

/* 1 when added, 0 when it was there */
static int nameset_add(nameset_t *s, const char *name) {
    uint64_t h = fnv(name);
    for (size_t i = h & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
        if (s->slot[i] == h) return 0;
        if (!s->slot[i]) {
            s->slot[i] = h;
            return 1;
        }
    }
}

int bench_gen_enterprises(zf_db_t *db, long long n, long long batch, bench_ents_stats_t *out) {
    memset(out, 0, sizeof *out);
    if (n <= 0) return 0;
    double start = now_s();
    zf_error_t err = {0};
    zf_arena_t *keep = zf_arena_new();
    zf_arena_t *a = zf_arena_new();
    rng = 0x341504ull * 0x9e3779b97f4a7c15ull + 12;

    zf_unit_t towns[N_OF(TOWNS)];
    const char *shorts[N_OF(TOWNS)];
    int total_w = 0;
    for (size_t t = 0; t < N_OF(TOWNS); t++) {
        if (zf_unit_get_by_code(db, keep, TOWNS[t].code, &towns[t], &err) != 0)
            die("the demo district's townships (run zhifa init and zhifa demo first)", &err);
        shorts[t] = town_short(keep, &towns[t]);
        total_w += TOWNS[t].weight;
    }

    /* the names there already (the demo's), so none repeats */
    nameset_t names = {.cap = 1};
    while (names.cap < (size_t)(n + 1000) * 2)
        names.cap <<= 1;
    names.slot = calloc(names.cap, sizeof *names.slot);
    if (!names.slot) exit(1);
    zf_stmt_t *st = zf_db_prepare(db, "SELECT name FROM enterprises", &err);
    if (!st) die("names", &err);
    int rc;
    while ((rc = zf_stmt_step(st, &err)) == 1)
        nameset_add(&names, zf_stmt_text(st, 0));
    zf_stmt_done(st);
    if (rc < 0) die("names", &err);

    bench_progress_start();
    uint64_t counter = 0; /* walks 31^6 through x → x·M mod 31^6 (M prime to 31) */
    const uint64_t SPACE = 887503681ull;
    if (zf_db_begin(db, &err) != 0) die("begin", &err);
    for (long long k = 0; k < n; k++) {
        zf_arena_free(a);
        a = zf_arena_new();
        int r = (int)rnd((uint32_t)total_w);
        size_t t = 0;
        while (r >= TOWNS[t].weight) {
            r -= TOWNS[t].weight;
            t++;
        }
        const zf_unit_t *town = &towns[t];
        const char *ts = shorts[t];
        zf_enterprise_t e = {0};
        uint32_t kind = rnd(100);
        const char *brand = PICK(BRANDS);
        if (rnd(3) == 0) /* 鑫 + 恒达: one character is three bytes */
            brand = zf_arena_printf(a, "%.3s%s", PICK(BRANDS), PICK(BRANDS));
        char type = '1';
        if (kind < 3) {
            e.domain = "mining";
            e.name = zf_arena_printf(a, "叶集区%s%s%s", ts, brand, PICK(MINING));
            e.risk = rnd(3) ? "orange" : "red";
            e.scale = rnd(2) ? "below" : "above";
        } else if (kind < 15) {
            e.domain = "hazchem";
            e.name = zf_arena_printf(a, "叶集区%s%s%s", ts, brand, PICK(HAZCHEM));
            e.risk = rnd(4) ? "yellow" : "orange";
            e.scale = rnd(3) ? "micro" : "below";
        } else if (kind < 29) {
            e.domain = "fireworks";
            e.name = zf_arena_printf(a, "叶集区%s%s%s", ts, brand, PICK(FIREWORKS));
            e.risk = rnd(5) ? "yellow" : "orange";
            e.scale = "micro";
            if (rnd(3) == 0) type = '2'; /* 个体工商户 */
        } else if (kind < 33) {
            e.domain = "other";
            e.name = zf_arena_printf(a, "叶集区%s%s%s", ts, brand, PICK(OTHER));
            e.risk = "blue";
            e.scale = rnd(2) ? "micro" : "below";
            if (rnd(3) == 0) type = '2';
        } else {
            e.domain = "industry";
            e.name =
                zf_arena_printf(a, "%s%s%s", rnd(4) ? "六安市叶集区" : "安徽", brand, PICK(WOOD));
            uint32_t rr = rnd(10);
            e.risk = rr < 1 ? "orange" : rr < 5 ? "yellow" : "blue";
            uint32_t s = rnd(10);
            e.scale = s < 2 ? "above" : s < 6 ? "below" : "micro";
        }
        const char *base = e.name;
        for (int attempt = 0; !nameset_add(&names, e.name); attempt++)
            e.name = attempt == 0 ? zf_arena_printf(a, "%s%s分公司", base, ts)
                                  : zf_arena_printf(a, "%s第%d分厂", base, attempt + 1);
        e.supervision =
            (!strcmp(e.risk, "red") || !strcmp(e.risk, "orange") || !strcmp(e.domain, "mining"))
                ? "key"
                : "general";
        uint32_t sv = rnd(100);
        e.status = sv < 90 ? "operating" : sv < 97 ? "suspended" : "closed";
        if (TOWNS[t].rural && rnd(2))
            e.address =
                zf_arena_printf(a, "叶集区%s%s村%u组", town->name, PICK(VILLAGES), 1 + rnd(12));
        else
            e.address = zf_arena_printf(
                a, "叶集区%s%s%u号", strcmp(town->kind, "devzone") == 0 ? "经济开发区" : town->name,
                PICK(ROADS), 1 + rnd(400));
        e.legal_rep = zf_arena_printf(a, "%s%s", PICK(SURNAMES), PICK(GIVEN));
        e.legal_rep_phone = zf_arena_printf(a, "%s%04u%04u", PICK(MOBILE), rnd(10000), rnd(10000));
        e.contact = rnd(3) ? zf_arena_printf(a, "%s%s", PICK(SURNAMES), PICK(GIVEN)) : e.legal_rep;
        e.contact_phone = zf_arena_printf(a, "%s%04u%04u", PICK(MOBILE), rnd(10000), rnd(10000));
        e.credit_punished = rnd(200) == 0;
        e.unit_id = town->id;
        e.unit_name = town->name;
        e.unit_path = town->path;
        const char *region = rnd(10) ? "341504" : "341500";
        for (;;) {
            char org[10], first17[18];
            org_code((counter++ * 104729ull + 7777ull) % SPACE, org);
            snprintf(first17, sizeof first17, "9%c%s%s", type, region, org);
            e.credit_code = zf_arena_printf(a, "%s%c", first17, zf_uscc_check_char(first17));
            /* the self-check: what the registry would accept, untouched */
            zf_uscc_result_t chk;
            if (!zf_uscc_check(e.credit_code, &chk) || chk.nwarnings ||
                strcmp(chk.normalized, e.credit_code) != 0) {
                fprintf(stderr,
                        "\nzhifa-bench-gen: enterprises: credit code %s fails its check: %s%s\n",
                        e.credit_code, chk.reason, chk.nwarnings ? chk.warnings[0] : "");
                exit(1);
            }
            out->codes_checked++;
            rc = zf_enterprise_insert(db, a, &e, &err);
            if (rc == 0) break;
            if (rc != ZF_ECONFLICT) die("insert", &err);
            out->code_clashes++; /* a code the demo drew: the next one */
        }
        json_t *after = zf_api_enterprise_json(&e);
        zf_log_entry_t le = {.unit_id = e.unit_id,
                             .action = "enterprise.import",
                             .object_type = "enterprise",
                             .object_id = zf_arena_printf(a, "%lld", (long long)e.id),
                             .after = after};
        int64_t idx = zf_log_append(db, &le, &err);
        json_decref(after);
        if (idx < 0) die("log", &err);
        out->enterprises++;
        if ((k + 1) % batch == 0) {
            if (zf_db_commit(db, &err) != 0 || zf_db_begin(db, &err) != 0) die("commit", &err);
        }
        bench_progress("firms", k + 1, n);
    }
    if (zf_db_commit(db, &err) != 0) die("commit", &err);
    out->seconds = now_s() - start;
    free(names.slot);
    zf_arena_free(a);
    zf_arena_free(keep);
    return 0;
}
