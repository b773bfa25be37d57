/* pool.c — the render workers (docs.h): a few threads that do nothing but
 * lay out and draw PDFs, so that rendering is bounded (at most POOL_THREADS
 * at once, at most POOL_QUEUE waiting: 503 document.busy) and each worker
 * keeps its warm pango font map (the first document of a thread pays the
 * cold font load, ~80 ms; later ones do not). The API hands a document over
 * with zf_doc_pool_submit and suspends the request (zf_req_suspend): no
 * HTTP pool thread waits for a PDF (docs/internals/documents.md). */
#include <pthread.h>
#include <stdlib.h>

#include "core/util.h"
#include "docs/docs.h"

#define POOL_THREADS 2
#define POOL_QUEUE 32

typedef struct task {
    zf_doc_task_fn fn;
    void *arg;
    int rc;
    int done;
    int detached; /* zf_doc_pool_submit: nobody waits; the worker frees it */
    struct task *next;
} task_t;

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t work_cv = PTHREAD_COND_INITIALIZER;
static pthread_cond_t done_cv = PTHREAD_COND_INITIALIZER;
static task_t *head, *tail;
static size_t queued;
static int started;

static void *worker_main(void *unused) {
    (void)unused;
    for (;;) {
        pthread_mutex_lock(&mu);
        while (!head)
            pthread_cond_wait(&work_cv, &mu);
        task_t *t = head;
        head = t->next;
        if (!head) tail = NULL;
        queued--;
        pthread_mutex_unlock(&mu);
        int rc = t->fn(t->arg);
        if (t->detached) {
            free(t);
            continue;
        }
        pthread_mutex_lock(&mu);
        t->rc = rc;
        t->done = 1;
        pthread_cond_broadcast(&done_cv);
        pthread_mutex_unlock(&mu);
    }
    return NULL;
}

/* Append t to the queue, starting the workers on first use (caller holds
 * mu); 503 when the queue is full. */
static int enqueue_locked(task_t *t, zf_error_t *err) {
    for (; started < POOL_THREADS; started++) {
        pthread_t th;
        if (pthread_create(&th, NULL, worker_main, NULL) != 0) break;
        pthread_detach(th);
    }
    if (!started || queued >= POOL_QUEUE)
        return zf_error_set(err, ZF_EBUSY, 503, "document.busy", "",
                            "文书生成繁忙（排队 %d 份），请稍后再试", POOL_QUEUE);
    if (tail)
        tail->next = t;
    else
        head = t;
    tail = t;
    queued++;
    pthread_cond_signal(&work_cv);
    return 0;
}

int zf_doc_pool_run(zf_doc_task_fn fn, void *arg, zf_error_t *err) {
    task_t t = {.fn = fn, .arg = arg};
    pthread_mutex_lock(&mu);
    int rc = enqueue_locked(&t, err);
    if (rc == 0)
        while (!t.done)
            pthread_cond_wait(&done_cv, &mu);
    pthread_mutex_unlock(&mu);
    return rc ? rc : t.rc;
}

int zf_doc_pool_submit(zf_doc_task_fn fn, void *arg, zf_error_t *err) {
    task_t *t = zf_xcalloc(1, sizeof *t);
    t->fn = fn;
    t->arg = arg;
    t->detached = 1;
    pthread_mutex_lock(&mu);
    int rc = enqueue_locked(t, err);
    pthread_mutex_unlock(&mu);
    if (rc) free(t);
    return rc;
}
