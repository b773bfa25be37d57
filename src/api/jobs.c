/* jobs.c — a small background job runner (issue 3 follow-up; STACK.md: slow
 * jobs must not block a pool thread). See api.h.
 *
 * One worker thread (a fixed pool of 1: jobs that write run one after the
 * other, never two write transactions fighting for SQLite's lock), a FIFO
 * queue of at most JOBS_QUEUE waiting jobs (more: 503 jobs.busy), and an
 * in-memory registry of the last JOBS_KEEP finished ones, polled with
 * GET /api/v1/jobs/{id}. Jobs do not survive a restart: a job's effect is
 * in the database (and its log events), its progress is only for the
 * person watching it. The worker borrows a connection from the app's pool
 * for each job and gives it back after.
 *
 * Several servers on one database (issue 5): the job's id comes from the
 * `jobs` table (migration 023) and its state and result are written there
 * when it starts and ends, so a poll that reaches another server than the
 * one running it is answered from the table (without the live progress,
 * which only the running server has). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "api/api.h"
#include "core/util.h"
#include "store/jobs.h"

#define JOBS_QUEUE 8
#define JOBS_KEEP 64

enum { JOB_QUEUED, JOB_RUNNING, JOB_DONE, JOB_FAILED };
static const char *const state_codes[] = {"queued", "running", "done", "failed"};
static const char *const state_names[] = {"排队中", "进行中", "已完成", "失败"};

struct zf_job {
    int64_t id;
    char kind[48];
    int64_t owner_id;
    int state;
    char phase[16];
    size_t done, total;
    int64_t created_ms, started_ms, finished_ms;
    int status;     /* HTTP status of the result */
    json_t *result; /* owned */
    zf_job_fn fn;
    void *arg;
    void (*free_arg)(void *);
    zf_app_t *app;
    struct zf_job *next; /* registry, newest first */
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t work_cv = PTHREAD_COND_INITIALIZER;
static pthread_cond_t done_cv = PTHREAD_COND_INITIALIZER;
static zf_job_t *registry; /* every known job, newest first */
static int worker_started, stopping;
static char server_id[160]; /* host:pid, recorded on the job's row */
static pthread_t worker;

/* The oldest queued job, or NULL. Caller holds mu. */
static zf_job_t *oldest_queued(void) {
    zf_job_t *found = NULL;
    for (zf_job_t *j = registry; j; j = j->next)
        if (j->state == JOB_QUEUED) found = j; /* newest first: the last one seen is the oldest */
    return found;
}

/* Forget finished jobs beyond JOBS_KEEP. Caller holds mu. */
static void prune(void) {
    size_t finished = 0;
    for (zf_job_t **p = &registry; *p;) {
        zf_job_t *j = *p;
        if (j->state >= JOB_DONE && ++finished > JOBS_KEEP) {
            *p = j->next;
            json_decref(j->result);
            free(j);
            continue;
        }
        p = &j->next;
    }
}

/* The job's end on its row, on a fresh connection (the job's own may have
 * left a transaction behind, rolled back by the release). */
static void record_finish(zf_app_t *app, int64_t id, const char *state, int status, json_t *result,
                          int64_t ms) {
    char *text = json_dumps(result, JSON_COMPACT);
    zf_db_t *db = zf_db_acquire(app->pool);
    zf_error_t err = {0};
    if (zf_store_job_finished(db, id, state, status, text ? text : "", ms, &err) != 0)
        fprintf(stderr, "zhifa jobs: job %lld: %s\n", (long long)id, err.message);
    zf_db_release(app->pool, db);
    free(text);
}

static void *worker_main(void *unused) {
    (void)unused;
    pthread_mutex_lock(&mu);
    for (;;) {
        zf_job_t *j = NULL;
        while (!stopping && !(j = oldest_queued()))
            pthread_cond_wait(&work_cv, &mu);
        if (stopping) break;
        j->state = JOB_RUNNING;
        j->started_ms = zf_now_ms();
        pthread_mutex_unlock(&mu);

        zf_db_t *db = zf_db_acquire(j->app->pool);
        zf_error_t err = {0};
        if (zf_store_job_started(db, j->id, j->started_ms, &err) != 0)
            fprintf(stderr, "zhifa jobs: job %lld: %s\n", (long long)j->id, err.message);
        json_t *result = NULL;
        int status = 500;
        int rc = j->fn(j->arg, db, j, &result, &status);
        zf_db_release(j->app->pool, db); /* rolls back whatever the job left open */
        if (!result)
            result = json_pack("{s:{s:s, s:s}}", "error", "code", "job.failed", "message",
                               "后台任务失败");
        if (j->free_arg) j->free_arg(j->arg);
        record_finish(j->app, j->id, rc == 0 ? "done" : "failed", status, result, zf_now_ms());

        pthread_mutex_lock(&mu);
        j->arg = NULL;
        j->result = result;
        j->status = status;
        j->state = rc == 0 ? JOB_DONE : JOB_FAILED;
        j->finished_ms = zf_now_ms();
        prune();
        pthread_cond_broadcast(&done_cv);
    }
    /* jobs still queued at shutdown never run */
    for (zf_job_t *j = registry; j; j = j->next)
        if (j->state == JOB_QUEUED) {
            j->state = JOB_FAILED;
            j->status = 503;
            j->result = json_pack("{s:{s:s, s:s}}", "error", "code", "jobs.stopped", "message",
                                  "服务正在停止，任务未执行，请稍后重新提交");
            if (j->free_arg) j->free_arg(j->arg);
            j->arg = NULL;
            record_finish(j->app, j->id, "failed", 503, j->result, zf_now_ms());
        }
    pthread_cond_broadcast(&done_cv);
    pthread_mutex_unlock(&mu);
    return NULL;
}

int64_t zf_jobs_submit(zf_app_t *app, zf_db_t *db, const char *kind, int64_t owner_id, zf_job_fn fn,
                       void *arg, void (*free_arg)(void *), zf_error_t *err) {
    pthread_mutex_lock(&mu);
    if (!*server_id) {
        char host[128] = "";
        gethostname(host, sizeof host - 1);
        snprintf(server_id, sizeof server_id, "%s:%ld", host, (long)getpid());
    }
    size_t queued = 0;
    for (zf_job_t *j = registry; j; j = j->next)
        if (j->state == JOB_QUEUED) queued++;
    if (stopping || queued >= JOBS_QUEUE) {
        pthread_mutex_unlock(&mu);
        if (free_arg) free_arg(arg);
        return zf_error_set(err, ZF_EBUSY, 503, "jobs.busy", NULL,
                            stopping ? "服务正在停止，请稍后重新提交"
                                     : "后台任务排队已满（%d 个），请稍后再试",
                            JOBS_QUEUE);
    }
    if (!worker_started) {
        if (pthread_create(&worker, NULL, worker_main, NULL) != 0) {
            pthread_mutex_unlock(&mu);
            if (free_arg) free_arg(arg);
            return zf_error_set(err, ZF_EIO, 500, "jobs.thread", NULL, "无法启动后台任务线程");
        }
        worker_started = 1;
    }
    pthread_mutex_unlock(&mu);
    /* the id from the table: unique across servers */
    int64_t created = zf_now_ms(), row_id = 0;
    if (zf_store_job_insert(db, kind, owner_id, created, server_id, &row_id, err) != 0) {
        if (free_arg) free_arg(arg);
        return err->status ? -1
                           : zf_error_set(err, ZF_EIO, 503, "jobs.store", NULL,
                                          "无法登记后台任务，请稍后再试");
    }
    pthread_mutex_lock(&mu);
    zf_job_t *j = zf_xcalloc(1, sizeof *j);
    j->id = row_id;
    snprintf(j->kind, sizeof j->kind, "%s", kind);
    j->owner_id = owner_id;
    j->state = JOB_QUEUED;
    j->created_ms = created;
    j->fn = fn;
    j->arg = arg;
    j->free_arg = free_arg;
    j->app = app;
    j->next = registry;
    registry = j;
    int64_t id = j->id;
    pthread_cond_signal(&work_cv);
    pthread_mutex_unlock(&mu);
    return id;
}

void zf_job_progress(zf_job_t *job, const char *phase, size_t done, size_t total) {
    pthread_mutex_lock(&mu);
    snprintf(job->phase, sizeof job->phase, "%s", phase ? phase : "");
    job->done = done;
    job->total = total;
    pthread_mutex_unlock(&mu);
}

static json_t *time_or_null(int64_t ms) { return ms ? json_integer(ms) : json_null(); }

/* Caller holds mu. */
static json_t *job_json(const zf_job_t *j) {
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:I}", "id", (json_int_t)j->id,
                          "kind", j->kind, "state", state_codes[j->state], "state_name",
                          state_names[j->state], "phase", j->phase, "done", (json_int_t)j->done,
                          "total", (json_int_t)j->total, "created_ms", (json_int_t)j->created_ms);
    json_object_set_new(o, "started_ms", time_or_null(j->started_ms));
    json_object_set_new(o, "finished_ms", time_or_null(j->finished_ms));
    json_object_set_new(o, "status", j->state >= JOB_DONE ? json_integer(j->status) : json_null());
    json_object_set_new(o, "result", j->result ? json_deep_copy(j->result) : json_null());
    return o;
}

static zf_job_t *find(int64_t id) {
    for (zf_job_t *j = registry; j; j = j->next)
        if (j->id == id) return j;
    return NULL;
}

/* A job another server runs (or ran): its row. */
static json_t *row_json(const zf_job_row_t *r) {
    int k = JOB_QUEUED;
    for (int i = 0; i <= JOB_FAILED; i++)
        if (strcmp(r->state, state_codes[i]) == 0) k = i;
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:I}", "id", (json_int_t)r->id,
                          "kind", r->kind, "state", state_codes[k], "state_name", state_names[k],
                          "phase", "", "done", (json_int_t)0, "total", (json_int_t)0, "created_ms",
                          (json_int_t)r->created_ms);
    json_object_set_new(o, "started_ms", time_or_null(r->started_ms));
    json_object_set_new(o, "finished_ms", time_or_null(r->finished_ms));
    json_object_set_new(o, "status", k >= JOB_DONE ? json_integer(r->status) : json_null());
    json_t *res = *r->result ? json_loads(r->result, 0, NULL) : NULL;
    json_object_set_new(o, "result", res ? res : json_null());
    json_object_set_new(o, "server", json_string(r->server));
    return o;
}

json_t *zf_jobs_get(zf_db_t *db, int64_t id, int64_t owner_id) {
    pthread_mutex_lock(&mu);
    zf_job_t *j = find(id);
    json_t *o = j && (owner_id == 0 || j->owner_id == owner_id) ? job_json(j) : NULL;
    pthread_mutex_unlock(&mu);
    if (j || !db) return o;
    /* not this server's (or forgotten here): the table */
    zf_arena_t *a = zf_arena_new();
    zf_job_row_t r;
    zf_error_t err = {0};
    if (zf_store_job_get(db, a, id, &r, &err) == 0 && (owner_id == 0 || r.owner_id == owner_id))
        o = row_json(&r);
    zf_arena_free(a);
    return o;
}

int zf_jobs_wait(int64_t id, json_t **result, int *status) {
    pthread_mutex_lock(&mu);
    zf_job_t *j = find(id);
    while (j && j->state < JOB_DONE) {
        pthread_cond_wait(&done_cv, &mu);
        j = find(id); /* a finished job may have been pruned meanwhile: then j is NULL */
    }
    int rc = -1;
    if (j) {
        *result = json_deep_copy(j->result);
        *status = j->status;
        rc = 0;
    }
    pthread_mutex_unlock(&mu);
    return rc;
}

void zf_jobs_stop(void) {
    pthread_mutex_lock(&mu);
    int started = worker_started;
    stopping = 1;
    pthread_cond_broadcast(&work_cv);
    pthread_mutex_unlock(&mu);
    /* the running job, if any, finishes (its transaction commits or rolls
     * back whole); the queued ones are refused */
    if (started) pthread_join(worker, NULL);
    pthread_mutex_lock(&mu);
    while (registry) {
        zf_job_t *j = registry;
        registry = j->next;
        json_decref(j->result);
        free(j);
    }
    pthread_mutex_unlock(&mu);
}

/* GET /api/v1/jobs/{id}: the job's state and progress, and its result once
 * finished. Only the person who submitted it (admin: any) sees it; others
 * get 404 as for a job that does not exist, so ids reveal nothing. */
void zf_api_job_get(zf_req_t *req, zf_resp_t *resp) {
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return;
    const zf_actor_t *actor = zf_api_actor(req);
    zf_error_t err = {0};
    if (zf_perm_check(actor, "job.read", NULL, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *o =
        zf_jobs_get(zf_api_db(req), id, strcmp(actor->role, "admin") == 0 ? 0 : actor->user_id);
    if (!o) {
        zf_error_set(&err, ZF_ENOTFOUND, 404, "job.not_found", "id", "后台任务 %lld 不存在",
                     (long long)id);
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_resp_json(req, resp, 200, o);
}
