/* config.c — options and environment shared by every subcommand, opening the
 * database, and the log signing key file. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/util.h"
#include "store/migrate.h"

#define KEY_FILE "log-signing.key"

static const char *env_or(const char *name, const char *fallback) {
    const char *v = getenv(name);
    return v && *v ? v : fallback;
}

static int parse_long(const char *s, const char *what, long min, long max, long *out) {
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || !end || *end || v < min || v > max) {
        fprintf(stderr, "zhifa: %s 应为 %ld 到 %ld 之间的整数，收到“%s”\n", what, min, max, s);
        return -1;
    }
    *out = v;
    return 0;
}

int zf_cli_parse(int argc, char **argv, const char *usage, zf_config_t *cfg) {
    static char default_db[PATH_MAX + 16];
    memset(cfg, 0, sizeof *cfg);
    cfg->data_dir = env_or("ZHIFA_DATA_DIR", "var");
    cfg->db_url = env_or("ZHIFA_DB", NULL);
    cfg->listen = env_or("ZHIFA_LISTEN", "127.0.0.1:8080");
    cfg->static_dir = env_or("ZHIFA_STATIC", "web/dist");
    cfg->log_level = env_or("ZHIFA_LOG_LEVEL", "info");
    cfg->pwhash = env_or("ZHIFA_PWHASH", "interactive");
    cfg->trusted_proxy = env_or("ZHIFA_TRUSTED_PROXY", NULL);
    long threads = 0, ttl = 8 * 3600, stmt_timeout = 30;
    if (parse_long(env_or("ZHIFA_THREADS", "0"), "ZHIFA_THREADS", 0, 256, &threads) ||
        parse_long(env_or("ZHIFA_SESSION_TTL", "28800"), "ZHIFA_SESSION_TTL", 1, 30L * 86400, &ttl) ||
        parse_long(env_or("ZHIFA_STATEMENT_TIMEOUT", "30"), "ZHIFA_STATEMENT_TIMEOUT", 0, 86400,
                   &stmt_timeout))
        return -1;

    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"data-dir", required_argument, NULL, 'D'},
        {"listen", required_argument, NULL, 'l'},
        {"static", required_argument, NULL, 's'},
        {"log-level", required_argument, NULL, 'L'},
        {"threads", required_argument, NULL, 't'},
        {"session-ttl", required_argument, NULL, 'T'},
        {"public-key", required_argument, NULL, 'k'},
        {"trusted-proxy", required_argument, NULL, 'P'},
        {"statement-timeout", required_argument, NULL, 'S'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    optind = 1;
    for (;;) {
        int c = getopt_long(argc, argv, "h", opts, NULL);
        if (c == -1) break;
        switch (c) {
        case 'd': cfg->db_url = optarg; break;
        case 'D': cfg->data_dir = optarg; break;
        case 'l': cfg->listen = optarg; break;
        case 's': cfg->static_dir = optarg; break;
        case 'L': cfg->log_level = optarg; break;
        case 'k': cfg->public_key = optarg; break;
        case 'P': cfg->trusted_proxy = optarg; break;
        case 't':
            if (parse_long(optarg, "--threads", 0, 256, &threads)) return -1;
            break;
        case 'T':
            if (parse_long(optarg, "--session-ttl", 1, 30L * 86400, &ttl)) return -1;
            break;
        case 'S':
            if (parse_long(optarg, "--statement-timeout", 0, 86400, &stmt_timeout)) return -1;
            break;
        case 'h': fputs(usage, stdout); return 1;
        default: fputs(usage, stderr); return -1;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "zhifa: 多余的参数“%s”\n%s", argv[optind], usage);
        return -1;
    }
    cfg->threads = (unsigned)threads;
    cfg->session_ttl_s = ttl;
    cfg->statement_timeout_s = stmt_timeout;
    if (!cfg->db_url) {
        snprintf(default_db, sizeof default_db, "sqlite:%s/zhifa.db", cfg->data_dir);
        cfg->db_url = default_db;
    }
    return 0;
}

/* mkdir -p for the data directory. */
static int make_dirs(const char *path) {
    char buf[PATH_MAX];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf) return -1;
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(buf, 0750) != 0 && errno != EEXIST) return -1;
        *p = '/';
    }
    if (mkdir(buf, 0750) != 0 && errno != EEXIST) return -1;
    return 0;
}

zf_db_pool_t *zf_cli_open_db(const zf_config_t *cfg, unsigned connections) {
    if (strncmp(cfg->db_url, "sqlite:", 7) == 0) {
        /* The database file's folder must exist before SQLite can create it. */
        char dir[PATH_MAX];
        snprintf(dir, sizeof dir, "%s", cfg->db_url + 7);
        char *slash = strrchr(dir, '/');
        if (slash && slash != dir) {
            *slash = '\0';
            if (make_dirs(dir) != 0) {
                fprintf(stderr, "zhifa: 无法创建目录 %s：%s\n", dir, strerror(errno));
                return NULL;
            }
        }
    }
    zf_error_t err = {0};
    zf_db_pool_t *pool = zf_db_pool_open(cfg->db_url, connections, &err);
    if (!pool) {
        fprintf(stderr, "zhifa: %s\n", err.message);
        return NULL;
    }
    zf_db_t *db = zf_db_acquire(pool);
    int rc = zf_store_migrate(db, &err);
    zf_db_release(pool, db);
    if (rc < 0) {
        fprintf(stderr, "zhifa: %s\n", err.message);
        zf_db_pool_close(pool);
        return NULL;
    }
    return pool;
}

static void key_path(const zf_config_t *cfg, char *out, size_t cap) {
    snprintf(out, cap, "%s/%s", cfg->data_dir, KEY_FILE);
}

int zf_cli_load_key(const zf_config_t *cfg, zf_signing_key_t *key) {
    char path[PATH_MAX];
    key_path(cfg, path, sizeof path);
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "zhifa: 无法读取全过程记录签名密钥 %s：%s（请先运行 zhifa init）\n", path,
                strerror(errno));
        return -1;
    }
    char hex[80] = "";
    char *line = fgets(hex, sizeof hex, f);
    fclose(f);
    hex[strcspn(hex, "\r\n")] = '\0';
    unsigned char seed[32];
    if (!line || zf_hex_decode(hex, seed, sizeof seed) != 0) {
        fprintf(stderr, "zhifa: 签名密钥文件 %s 已损坏：应为 64 个十六进制字符\n", path);
        return -1;
    }
    zf_sign_from_seed(key, seed);
    return 0;
}

int zf_cli_create_key(const zf_config_t *cfg, zf_signing_key_t *key, int *created) {
    char path[PATH_MAX];
    key_path(cfg, path, sizeof path);
    *created = 0;
    if (access(path, F_OK) == 0) return zf_cli_load_key(cfg, key);
    if (make_dirs(cfg->data_dir) != 0) {
        fprintf(stderr, "zhifa: 无法创建数据目录 %s：%s\n", cfg->data_dir, strerror(errno));
        return -1;
    }
    zf_sign_keygen(key);
    char hex[65];
    zf_hex_encode(key->secret_key, 32, hex); /* the seed is the first half */
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) {
        fprintf(stderr, "zhifa: 无法创建签名密钥 %s：%s\n", path, strerror(errno));
        return -1;
    }
    FILE *f = fdopen(fd, "w");
    int ok = f && fprintf(f, "%s\n", hex) == 65 && fflush(f) == 0 && fsync(fd) == 0;
    if (f)
        fclose(f);
    else
        close(fd);
    if (!ok) {
        fprintf(stderr, "zhifa: 写入签名密钥 %s 失败：%s\n", path, strerror(errno));
        unlink(path);
        return -1;
    }
    *created = 1;
    return 0;
}
