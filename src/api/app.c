/* app.c — the parts of zf_app_t that the API owns: the gate that caps
 * concurrent argon2id hashes, and password hashing itself (R33). */
#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "api/api.h"

/* argon2id with MEMLIMIT_MODERATE takes 256 MiB per hash: two at a time keep
 * a small server within its memory however many logins arrive at once. */
#define PWHASH_CONCURRENCY 2

int zf_app_init(zf_app_t *app) {
    if (sodium_init() < 0) return ZF_EIO;
    if (!app->pwhash_ops) app->pwhash_ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
    if (!app->pwhash_mem) app->pwhash_mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
    sem_init(&app->pwhash_gate, 0, PWHASH_CONCURRENCY);
    pthread_mutex_init(&app->dummy_mu, NULL);
    app->log_tree = zf_log_tree_new();
    return 0;
}

void zf_app_fini(zf_app_t *app) {
    sem_destroy(&app->pwhash_gate);
    pthread_mutex_destroy(&app->dummy_mu);
    zf_log_tree_free(app->log_tree);
    app->log_tree = NULL;
}

/* Unknown usernames are checked against this hash so that a login for a user
 * who does not exist takes as long as one with a wrong password. Made on
 * first need, not at start: hashing costs 64 MiB and tens of milliseconds
 * that start-up should not pay. */
const char *zf_api_dummy_hash(zf_app_t *app) {
    pthread_mutex_lock(&app->dummy_mu);
    if (!app->dummy_hash[0]) {
        zf_error_t err;
        if (zf_api_password_hash(app, "zhifa-no-such-user", app->dummy_hash, &err) != 0)
            app->dummy_hash[0] = '\0';
    }
    pthread_mutex_unlock(&app->dummy_mu);
    return app->dummy_hash;
}

int zf_api_password_hash(zf_app_t *app, const char *password, char out[128], zf_error_t *err) {
    sem_wait(&app->pwhash_gate);
    int rc = crypto_pwhash_str(out, password, strlen(password), app->pwhash_ops, app->pwhash_mem);
    sem_post(&app->pwhash_gate);
    if (rc != 0)
        return zf_error_set(err, ZF_EIO, 503, "auth.hash_failed", NULL,
                            "服务器内存不足，暂时无法处理密码，请稍后重试");
    return 0;
}

int zf_api_password_verify(zf_app_t *app, const char *hash, const char *password) {
    sem_wait(&app->pwhash_gate);
    int rc = crypto_pwhash_str_verify(hash, password, strlen(password));
    sem_post(&app->pwhash_gate);
    return rc == 0;
}
