/* cli.h — the `zhifa` command line: configuration shared by the
 * subcommands, and one entry point per subcommand (one file each). */
#ifndef ZF_CLI_CLI_H
#define ZF_CLI_CLI_H

#include "core/sign.h"
#include "store/db.h"

typedef struct zf_config {
    const char *db_url;       /* --db / ZHIFA_DB, default sqlite:<data_dir>/zhifa.db */
    const char *data_dir;     /* --data-dir / ZHIFA_DATA_DIR, default var */
    const char *listen;       /* --listen / ZHIFA_LISTEN, default 127.0.0.1:8080 */
    const char *static_dir;   /* --static / ZHIFA_STATIC, default web/dist */
    const char *log_level;    /* --log-level / ZHIFA_LOG_LEVEL: error|warn|info|debug */
    const char *pwhash;       /* ZHIFA_PWHASH: interactive (default) | moderate */
    unsigned threads;         /* --threads / ZHIFA_THREADS, 0 = number of CPUs */
    long session_ttl_s;       /* --session-ttl / ZHIFA_SESSION_TTL, default 8 h */
    long statement_timeout_s; /* --statement-timeout / ZHIFA_STATEMENT_TIMEOUT (serve; PostgreSQL),
                                 default 30, 0 = none */
    const char *public_key;   /* audit verify --public-key HEX */
    const char
        *trusted_proxy; /* --trusted-proxy / ZHIFA_TRUSTED_PROXY: IPs whose X-Real-IP counts */
} zf_config_t;

/* Parse the options common to every subcommand plus the subcommand's own;
 * returns 0, 1 after printing --help, or -1 after printing an error. */
int zf_cli_parse(int argc, char **argv, const char *usage, zf_config_t *cfg);

/* Open the database and bring its schema up to date. NULL after printing
 * the reason. */
zf_db_pool_t *zf_cli_open_db(const zf_config_t *cfg, unsigned connections);

/* The log signing key in <data_dir>/log-signing.key (hex seed, mode 0600).
 * load: 0 or -1 after printing; create: makes the file if missing. */
int zf_cli_load_key(const zf_config_t *cfg, zf_signing_key_t *key);
int zf_cli_create_key(const zf_config_t *cfg, zf_signing_key_t *key, int *created);

int zf_cmd_serve(int argc, char **argv);
int zf_cmd_init(int argc, char **argv);
int zf_cmd_demo(int argc, char **argv);
int zf_cmd_audit(int argc, char **argv);
int zf_cmd_migrate_db(int argc, char **argv); /* migrate_db.c (issue 5) */
int zf_cmd_routes(int argc, char **argv);     /* routes.c (issue 12) */
/* enterprise registry (issue 3): calc.c, import.c, demo_enterprises.c */
int zf_cmd_calc(int argc, char **argv);
/* catalogue and discretion (issue 3): `zhifa calc discretion`, calc_discretion.c */
int zf_cmd_calc_discretion(int argc, char **argv);
/* legal deadlines (issue 8): `zhifa calc deadline|surcharge|limitation|closure|daily-penalty`,
 * calc_deadline.c */
int zf_cmd_calc_deadline(int argc, char **argv);
int zf_cmd_calc_surcharge(int argc, char **argv);
int zf_cmd_calc_limitation(int argc, char **argv);
int zf_cmd_calc_closure(int argc, char **argv);
int zf_cmd_calc_daily_penalty(int argc, char **argv);
int zf_cmd_import(int argc, char **argv);
/* double-random draws (issue 6): `zhifa draw sample|verify`, draw.c */
int zf_cmd_draw(int argc, char **argv);
/* enforcement documents (issue 9): `zhifa doc render|check-template|kinds`, doc.c */
int zf_cmd_doc(int argc, char **argv);
/* Load the demo district's enterprises (needs its units); returns how many
 * (>= 0) or a negative code. Runs inside the demo's transaction. */
int zf_demo_enterprises(zf_db_t *db, zf_arena_t *a, zf_error_t *err);

#endif
