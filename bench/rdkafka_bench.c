/*
 * rdkafka_bench: produce N records of S bytes, then consume them from the beginning,
 * timing each phase. Used by bench/produce-consume.sh and bench/cluster.sh to compare
 * runneld with the librdkafka mock cluster under identical client settings.
 *
 *   rdkafka_bench -b HOST:PORT[,..]|mock -t TOPIC -n RECORDS -s SIZE -p PARTITIONS
 *                 [-a ACKS] [-l LINGER_MS] [-B BATCH_NUM_MESSAGES] [-S BATCH_SIZE_BYTES]
 *                 [-T LABEL] [-r REPLICATION_FACTOR] [-m MOCK_BROKERS] [-P]
 *                 [-X PRODUCER_PROPERTY=VALUE]...
 *   rdkafka_bench ... -E MB_PER_S -d SECONDS [-w WARMUP_SECONDS] [-W FETCH_WAIT_MAX_MS]
 *
 * "-b mock" creates a mock cluster of -m brokers (default 1) inside this process
 * (rd_kafka_mock_cluster_new) and the producer and consumer connect to it over loopback
 * like to any broker. Against a real broker the topic is created with the Admin API with
 * replication factor -r (default 1; an existing topic is an error, so every run uses a
 * fresh topic name). -X sets any further producer property (repeatable), e.g.
 * -X max.in.flight.requests.per.connection=1. -P only produces (no consume phase), so N is not bounded by the
 * mock's pruning limits.
 *
 * -E: end-to-end latency at a fixed rate instead. A consumer (assigned, no group) reads
 * the topic while the producer writes S-byte records at E MB/s (paced every millisecond)
 * for -d seconds; each record carries its CLOCK_MONOTONIC produce time in its first 8
 * bytes and the consumer records now - that time when it receives it. Records produced
 * before the timed part are not counted: it starts once -w seconds (default 1) have passed
 * and the consumer has received a record (connections, coordinator lookup, first fetches),
 * and lasts -d seconds.
 * Printed: p50, p99, p99.9 and max in microseconds, and p50 and p99 of the time from the
 * produce call to the delivery report (the acknowledgement; seen at the next poll, so up
 * to a millisecond late). The consumer's fetch.wait.max.ms is
 * -W (default 500, librdkafka's): a broker answers a waiting fetch as soon as data
 * arrives; librdkafka's mock does not (it always waits the full time), so it is measured
 * with -W 1, i.e. polling. With RDKAFKA_BENCH_DUMP=FILE set, every sample is also written to
 * FILE as "produce time (s since start) latency (us) partition", to see when stalls happen.
 *
 * Output: one line "RESULT key=value ..." for the script to parse, plus human-readable
 * lines on stderr; client_cpu_s is this process's user+system CPU time during the timed
 * phase (the mock's threads included when -b mock). Exit status 0 only if every record
 * was acknowledged and (unless -P) read back.
 *
 * Build: gcc -O2 -Wall -o rdkafka_bench rdkafka_bench.c -lrdkafka
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#define PHASE_TIMEOUT_S 120.0

static double now_s(void) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_s(void) {
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
               (double)ru.ru_stime.tv_usec / 1e6;
}

static int64_t mono_ns(void) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...) {
        va_list ap;
        va_start(ap, fmt);
        fprintf(stderr, "rdkafka_bench: ");
        vfprintf(stderr, fmt, ap);
        fprintf(stderr, "\n");
        va_end(ap);
        exit(1);
}

static void set(rd_kafka_conf_t *conf, const char *k, const char *v) {
        char err[512];
        if (rd_kafka_conf_set(conf, k, v, err, sizeof(err)) != RD_KAFKA_CONF_OK)
                die("config %s=%s: %s", k, v, err);
}

/* -X producer properties, applied after the ones the options set. */
static const char *extra_props[16];
static int n_extra_props;

static void set_extra(rd_kafka_conf_t *conf) {
        for (int i = 0; i < n_extra_props; i++) {
                char k[256];
                const char *eq = strchr(extra_props[i], '=');
                if (!eq || (size_t)(eq - extra_props[i]) >= sizeof(k))
                        die("-X %s: expected PROPERTY=VALUE", extra_props[i]);
                memcpy(k, extra_props[i], (size_t)(eq - extra_props[i]));
                k[eq - extra_props[i]] = 0;
                set(conf, k, eq + 1);
        }
}

static void log_cb(const rd_kafka_t *rk, int level, const char *fac, const char *buf) {
        (void)rk;
        if (level <= 4) /* warnings and worse */
                fprintf(stderr, "rdkafka %s: %s\n", fac, buf);
}

struct dr_state {
        long delivered;
        long failed;
        rd_kafka_resp_err_t first_err;
        /* -E: produce-call-to-acknowledgement times (us) of the timed records */
        int64_t *acks, count_from_ns;
        long acks_cap, acks_n;
};

static void dr_cb(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque) {
        struct dr_state *st = opaque;
        (void)rk;
        if (m->err) {
                if (!st->failed)
                        st->first_err = m->err;
                st->failed++;
        } else {
                st->delivered++;
                if (st->acks && m->len >= 8 && st->acks_n < st->acks_cap) {
                        int64_t sent;
                        memcpy(&sent, m->payload, sizeof(sent));
                        if (sent >= st->count_from_ns)
                                st->acks[st->acks_n++] = (mono_ns() - sent) / 1000;
                }
        }
}

static void create_topic(const char *brokers, const char *topic, int partitions, int rf) {
        char err[512];
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        set(conf, "bootstrap.servers", brokers);
        rd_kafka_conf_set_log_cb(conf, log_cb);
        rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
        if (!rk)
                die("admin client: %s", err);
        rd_kafka_NewTopic_t *nt = rd_kafka_NewTopic_new(topic, partitions, rf, err, sizeof(err));
        if (!nt)
                die("NewTopic: %s", err);
        rd_kafka_queue_t *q = rd_kafka_queue_new(rk);
        rd_kafka_AdminOptions_t *opts = rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS);
        rd_kafka_AdminOptions_set_operation_timeout(opts, 30000, err, sizeof(err));
        rd_kafka_CreateTopics(rk, &nt, 1, opts, q);
        rd_kafka_event_t *ev = rd_kafka_queue_poll(q, 60000);
        if (!ev)
                die("CreateTopics: no answer within 60 s");
        if (rd_kafka_event_error(ev))
                die("CreateTopics: %s", rd_kafka_event_error_string(ev));
        const rd_kafka_CreateTopics_result_t *res = rd_kafka_event_CreateTopics_result(ev);
        size_t cnt;
        const rd_kafka_topic_result_t **tr = rd_kafka_CreateTopics_result_topics(res, &cnt);
        for (size_t i = 0; i < cnt; i++)
                if (rd_kafka_topic_result_error(tr[i]))
                        die("CreateTopics %s: %s", rd_kafka_topic_result_name(tr[i]),
                            rd_kafka_topic_result_error_string(tr[i]));
        rd_kafka_event_destroy(ev);
        rd_kafka_AdminOptions_destroy(opts);
        rd_kafka_NewTopic_destroy(nt);

        /* Wait until the metadata shows every partition with a leader and all its replicas
         * in sync (a cluster's followers start fetching a moment after the creation). */
        rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
        double deadline = now_s() + 30;
        for (;;) {
                const struct rd_kafka_metadata *md = NULL;
                int ok = 0;
                if (rd_kafka_metadata(rk, 0, rkt, &md, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
                        if (md->topic_cnt == 1 && !md->topics[0].err &&
                            md->topics[0].partition_cnt == partitions) {
                                ok = 1;
                                for (int p = 0; p < partitions; p++) {
                                        const rd_kafka_metadata_partition_t *pm = &md->topics[0].partitions[p];
                                        if (pm->leader < 0 || pm->replica_cnt != rf || pm->isr_cnt != rf)
                                                ok = 0;
                                }
                        }
                        rd_kafka_metadata_destroy(md);
                }
                if (ok)
                        break;
                if (now_s() > deadline)
                        die("topic %s has no leader or not all %d replicas in sync after 30 s", topic, rf);
                usleep(100 * 1000);
        }
        rd_kafka_topic_destroy(rkt);
        rd_kafka_queue_destroy(q);
        rd_kafka_destroy(rk);
}

/* ---- -E: end-to-end latency at a fixed rate ---------------------------------------- */

struct lat_state {
        rd_kafka_t *cons;
        /* records produced before this are warm-up: set once the warm-up time has passed
         * and the consumer has received its first record (INT64_MAX until then) */
        _Atomic int64_t count_from_ns;
        _Atomic int64_t first_ns; /* when the consumer received its first record */
        int64_t *samples;      /* microseconds */
        FILE *dump;            /* RDKAFKA_BENCH_DUMP: one line per sample, for finding when stalls happen */
        int64_t t0;
        long cap, n;
        atomic_long seen; /* read by the producing thread to know when the consumer is done */
        atomic_int stop;
        int size;
        long bad;
};

static void *lat_consumer(void *arg) {
        struct lat_state *ls = arg;
        while (!atomic_load(&ls->stop)) {
                rd_kafka_message_t *m = rd_kafka_consumer_poll(ls->cons, 50);
                if (!m)
                        continue;
                int64_t now = mono_ns();
                if (m->err) {
                        fprintf(stderr, "consume error: %s\n", rd_kafka_message_errstr(m));
                } else if (m->len != (size_t)ls->size || m->len < 8) {
                        ls->bad++;
                } else {
                        int64_t sent;
                        memcpy(&sent, m->payload, sizeof(sent));
                        if (atomic_fetch_add(&ls->seen, 1) == 0)
                                atomic_store(&ls->first_ns, now);
                        if (sent >= atomic_load(&ls->count_from_ns) && ls->n < ls->cap) {
                                ls->samples[ls->n++] = (now - sent) / 1000;
                                if (ls->dump)
                                        fprintf(ls->dump, "%.6f %" PRId64 " %d\n", (double)(sent - ls->t0) / 1e9,
                                                (now - sent) / 1000, (int)m->partition);
                        }
                }
                rd_kafka_message_destroy(m);
        }
        return NULL;
}

static int cmp_i64(const void *a, const void *b) {
        int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
        return (x > y) - (x < y);
}

static int64_t pct(const int64_t *v, long n, double p) {
        long i = (long)(p / 100.0 * (double)n);
        if (i >= n)
                i = n - 1;
        return v[i];
}

static int run_latency(const char *bootstrap, const char *label, const char *topic, int partitions,
                       const char *fetch_wait,
                       int size, double mbps, double seconds, double warmup, rd_kafka_conf_t *pconf) {
        char err[512];
        if (size < 8)
                die("-E needs records of at least 8 bytes (-s)");
        double rate = mbps * 1e6 / size; /* records per second */
        struct dr_state st = {0};
        rd_kafka_conf_set_dr_msg_cb(pconf, dr_cb);
        rd_kafka_conf_set_opaque(pconf, &st);
        set_extra(pconf);
        rd_kafka_t *prod = rd_kafka_new(RD_KAFKA_PRODUCER, pconf, err, sizeof(err));
        if (!prod)
                die("producer: %s", err);
        rd_kafka_topic_t *prkt = rd_kafka_topic_new(prod, topic, NULL);
        const struct rd_kafka_metadata *md = NULL;
        if (rd_kafka_metadata(prod, 0, prkt, &md, 10000) != RD_KAFKA_RESP_ERR_NO_ERROR)
                die("producer metadata failed");
        rd_kafka_metadata_destroy(md);

        rd_kafka_conf_t *cconf = rd_kafka_conf_new();
        set(cconf, "bootstrap.servers", bootstrap);
        set(cconf, "group.id", "rdkafka-bench-latency");
        set(cconf, "enable.auto.commit", "false");
        set(cconf, "enable.partition.eof", "false");
        set(cconf, "fetch.wait.max.ms", fetch_wait);
        rd_kafka_conf_set_log_cb(cconf, log_cb);
        struct lat_state ls = {0};
        ls.cons = rd_kafka_new(RD_KAFKA_CONSUMER, cconf, err, sizeof(err));
        if (!ls.cons)
                die("consumer: %s", err);
        rd_kafka_poll_set_consumer(ls.cons);
        ls.size = size;
        ls.cap = (long)(rate * seconds) + 1024;
        ls.samples = malloc(sizeof(int64_t) * (size_t)ls.cap);
        if (!ls.samples)
                die("out of memory for %ld samples", ls.cap);
        rd_kafka_topic_partition_list_t *tps = rd_kafka_topic_partition_list_new(partitions);
        for (int p = 0; p < partitions; p++)
                rd_kafka_topic_partition_list_add(tps, topic, p)->offset = RD_KAFKA_OFFSET_BEGINNING;
        if (rd_kafka_assign(ls.cons, tps))
                die("assign failed");
        rd_kafka_topic_partition_list_destroy(tps);
        char *payload = calloc(1, (size_t)size);
        double c0 = cpu_s();
        int64_t t0 = mono_ns();
        atomic_store(&ls.count_from_ns, INT64_MAX);
        ls.t0 = t0;
        st.count_from_ns = INT64_MAX;
        st.acks_cap = ls.cap;
        st.acks = malloc(sizeof(int64_t) * (size_t)st.acks_cap);
        if (!st.acks)
                die("out of memory for %ld samples", st.acks_cap);
        if (getenv("RDKAFKA_BENCH_DUMP") && !(ls.dump = fopen(getenv("RDKAFKA_BENCH_DUMP"), "w")))
                die("cannot write %s", getenv("RDKAFKA_BENCH_DUMP"));
        pthread_t th;
        if (pthread_create(&th, NULL, lat_consumer, &ls))
                die("pthread_create failed");
        long sent = 0;
        int64_t counting_since = 0; /* 0: still warming up */
        for (;;) {
                int64_t now = mono_ns();
                double el = (double)(now - t0) / 1e9;
                /* The timed part starts once the warm-up time has passed and the consumer
                 * receives: its start (group coordinator lookup, which creates
                 * __consumer_offsets on a fresh cluster, and the first offset lookups) can
                 * take longer than the warm-up, and is not latency at the rate. */
                if (!counting_since && el >= warmup && atomic_load(&ls.seen) > 0) {
                        counting_since = now;
                        atomic_store(&ls.count_from_ns, now);
                        st.count_from_ns = now;
                }
                if (counting_since && (double)(now - counting_since) / 1e9 >= seconds)
                        break;
                if (!counting_since && el >= warmup + PHASE_TIMEOUT_S)
                        die("the consumer received nothing within %.0f s", el);
                long due = (long)(el * rate);
                while (sent < due) {
                        int64_t ts = mono_ns();
                        memcpy(payload, &ts, sizeof(ts));
                        if (rd_kafka_produce(prkt, (int32_t)(sent % partitions), RD_KAFKA_MSG_F_COPY, payload,
                                             (size_t)size, NULL, 0, NULL) == -1)
                                die("produce: %s", rd_kafka_err2str(rd_kafka_last_error()));
                        sent++;
                }
                rd_kafka_poll(prod, 0);
                struct timespec ts = {0, 1000000 - (now % 1000000)};
                nanosleep(&ts, NULL);
        }
        /* A target slower than the rate has a backlog to work off: every record still
         * counts, so the percentiles show how far behind it fell. */
        double deadline = now_s() + PHASE_TIMEOUT_S;
        while (st.delivered + st.failed < sent && now_s() < deadline)
                rd_kafka_poll(prod, 10);
        deadline = now_s() + 30;
        while (atomic_load(&ls.seen) < st.delivered && now_s() < deadline)
                usleep(10000);
        atomic_store(&ls.stop, 1);
        pthread_join(th, NULL);
        if (ls.dump)
                fclose(ls.dump);
        double cpu = cpu_s() - c0;
        double wall = (double)(mono_ns() - t0) / 1e9;
        if (st.failed)
                die("%ld of %ld records failed delivery (%s)", st.failed, sent, rd_kafka_err2str(st.first_err));
        if (atomic_load(&ls.seen) < sent)
                die("the consumer received %ld of %ld records", (long)atomic_load(&ls.seen), sent);
        if (ls.bad)
                die("%ld records came back with the wrong size", ls.bad);
        if (ls.n == 0)
                die("no latency sample");
        qsort(ls.samples, (size_t)ls.n, sizeof(int64_t), cmp_i64);
        int64_t p50 = pct(ls.samples, ls.n, 50), p99 = pct(ls.samples, ls.n, 99),
                p999 = pct(ls.samples, ls.n, 99.9), mx = ls.samples[ls.n - 1];
        if (st.acks_n == 0)
                die("no acknowledgement sample");
        qsort(st.acks, (size_t)st.acks_n, sizeof(int64_t), cmp_i64);
        int64_t ack50 = pct(st.acks, st.acks_n, 50), ack99 = pct(st.acks, st.acks_n, 99);
        fprintf(stderr, "%s: %ld records of %d B at %.1f MB/s; end-to-end p50 %.2f ms, p99 %.2f ms, "
                        "p99.9 %.2f ms, max %.2f ms (%ld samples); acknowledged p50 %.2f ms, p99 %.2f ms; "
                        "the consumer's first record %.2f s after the start\n",
                label, sent, size, mbps, p50 / 1e3, p99 / 1e3, p999 / 1e3, mx / 1e3, ls.n, ack50 / 1e3,
                ack99 / 1e3, (double)(atomic_load(&ls.first_ns) - t0) / 1e9);
        /* ack_*: produce call to delivery report, seen at the next poll (every millisecond) */
        printf("RESULT target=%s mode=latency size=%d records=%ld partitions=%d rate_mbps=%.2f samples=%ld "
               "p50_us=%" PRId64 " p99_us=%" PRId64 " p999_us=%" PRId64 " max_us=%" PRId64
               " ack_p50_us=%" PRId64 " ack_p99_us=%" PRId64 " wall_s=%.3f client_cpu_s=%.3f\n",
               label, size, sent, partitions, mbps, ls.n, p50, p99, p999, mx, ack50, ack99, wall, cpu);
        fflush(stdout);
        rd_kafka_consumer_close(ls.cons);
        rd_kafka_destroy(ls.cons);
        rd_kafka_topic_destroy(prkt);
        rd_kafka_destroy(prod);
        free(ls.samples);
        free(st.acks);
        free(payload);
        return 0;
}

int main(int argc, char **argv) {
        const char *brokers = NULL, *topic = "bench", *acks = "1", *linger = "5";
        const char *batch_num = "10000", *batch_size = "1000000", *label = NULL;
        long n = 100000;
        int size = 100, partitions = 1, rf = 1, mock_brokers = 1, produce_only = 0, opt;
        double lat_mbps = 0, lat_seconds = 5, lat_warmup = 1;
        const char *fetch_wait = "500";
        char err[512];

        while ((opt = getopt(argc, argv, "b:t:n:s:p:a:l:B:S:T:r:m:PE:d:w:W:X:")) != -1) {
                switch (opt) {
                case 'b': brokers = optarg; break;
                case 't': topic = optarg; break;
                case 'n': n = atol(optarg); break;
                case 's': size = atoi(optarg); break;
                case 'p': partitions = atoi(optarg); break;
                case 'a': acks = optarg; break;
                case 'l': linger = optarg; break;
                case 'B': batch_num = optarg; break;
                case 'S': batch_size = optarg; break;
                case 'T': label = optarg; break;
                case 'r': rf = atoi(optarg); break;
                case 'm': mock_brokers = atoi(optarg); break;
                case 'P': produce_only = 1; break;
                case 'E': lat_mbps = atof(optarg); break;
                case 'd': lat_seconds = atof(optarg); break;
                case 'w': lat_warmup = atof(optarg); break;
                case 'W': fetch_wait = optarg; break;
                case 'X':
                        if (n_extra_props == 16)
                                die("at most 16 -X properties");
                        extra_props[n_extra_props++] = optarg;
                        break;
                default: die("usage: see the comment at the top of rdkafka_bench.c");
                }
        }
        if (!brokers || n <= 0 || size <= 0 || partitions <= 0 || rf <= 0 || mock_brokers <= 0)
                die("need -b BROKERS|mock, -n > 0, -s > 0, -p > 0, -r > 0, -m > 0");
        if (lat_mbps < 0 || lat_seconds <= 0 || lat_warmup < 0)
                die("need -E >= 0, -d > 0, -w >= 0");
        if (!label)
                label = brokers;

        /* Target: a mock cluster hosted by a dedicated handle, or a real broker. */
        rd_kafka_t *mock_host = NULL;
        rd_kafka_mock_cluster_t *mc = NULL;
        const char *bootstrap = brokers;
        if (!strcmp(brokers, "mock")) {
                rd_kafka_conf_t *conf = rd_kafka_conf_new();
                rd_kafka_conf_set_log_cb(conf, log_cb);
                mock_host = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
                if (!mock_host)
                        die("mock host: %s", err);
                mc = rd_kafka_mock_cluster_new(mock_host, mock_brokers);
                if (!mc)
                        die("rd_kafka_mock_cluster_new failed");
                if (rd_kafka_mock_topic_create(mc, topic, partitions, rf))
                        die("mock topic create failed");
                bootstrap = rd_kafka_mock_cluster_bootstraps(mc);
        } else {
                create_topic(brokers, topic, partitions, rf);
        }

        char *payload = malloc((size_t)size);
        for (int i = 0; i < size; i++)
                payload[i] = (char)('a' + (i * 7 + i / 13) % 26);

        /* ---- produce ---- */
        struct dr_state st = {0};
        rd_kafka_conf_t *pconf = rd_kafka_conf_new();
        set(pconf, "bootstrap.servers", bootstrap);
        set(pconf, "acks", acks);
        set(pconf, "linger.ms", linger);
        set(pconf, "batch.num.messages", batch_num);
        set(pconf, "batch.size", batch_size);
        set(pconf, "compression.codec", "none");
        set(pconf, "queue.buffering.max.messages", "1000000");
        set(pconf, "queue.buffering.max.kbytes", "1048576");
        set(pconf, "enable.idempotence", "false");
        rd_kafka_conf_set_log_cb(pconf, log_cb);
        if (lat_mbps > 0) {
                int rc = run_latency(bootstrap, label, topic, partitions, fetch_wait, size, lat_mbps, lat_seconds, lat_warmup,
                                     pconf);
                if (mock_host) {
                        rd_kafka_mock_cluster_destroy(mc);
                        rd_kafka_destroy(mock_host);
                }
                free(payload);
                return rc;
        }
        rd_kafka_conf_set_dr_msg_cb(pconf, dr_cb);
        rd_kafka_conf_set_opaque(pconf, &st);
        set_extra(pconf);
        rd_kafka_t *prod = rd_kafka_new(RD_KAFKA_PRODUCER, pconf, err, sizeof(err));
        if (!prod)
                die("producer: %s", err);
        rd_kafka_topic_t *prkt = rd_kafka_topic_new(prod, topic, NULL);
        /* Connect and fetch metadata before timing. */
        const struct rd_kafka_metadata *md = NULL;
        if (rd_kafka_metadata(prod, 0, prkt, &md, 10000) != RD_KAFKA_RESP_ERR_NO_ERROR)
                die("producer metadata failed");
        rd_kafka_metadata_destroy(md);

        double c0 = cpu_s();
        double t0 = now_s();
        double deadline = t0 + PHASE_TIMEOUT_S;
        for (long i = 0; i < n; i++) {
                while (rd_kafka_produce(prkt, (int32_t)(i % partitions), 0, payload, (size_t)size,
                                        NULL, 0, NULL) == -1) {
                        if (rd_kafka_last_error() != RD_KAFKA_RESP_ERR__QUEUE_FULL)
                                die("produce: %s", rd_kafka_err2str(rd_kafka_last_error()));
                        rd_kafka_poll(prod, 1);
                        if (now_s() > deadline)
                                die("produce phase timed out");
                }
                if ((i & 1023) == 0)
                        rd_kafka_poll(prod, 0);
        }
        while (st.delivered + st.failed < n && now_s() < deadline)
                rd_kafka_poll(prod, 50);
        double t_produce = now_s() - t0;
        double produce_cpu = cpu_s() - c0;
        if (st.failed)
                die("%ld of %ld records failed delivery (%s)", st.failed, n, rd_kafka_err2str(st.first_err));
        if (st.delivered != n)
                die("only %ld of %ld records delivered within %.0f s", st.delivered, n, PHASE_TIMEOUT_S);
        rd_kafka_topic_destroy(prkt);
        rd_kafka_destroy(prod);
        double mb = (double)n * size / 1e6;
        if (produce_only) {
                if (mock_host) {
                        rd_kafka_mock_cluster_destroy(mc);
                        rd_kafka_destroy(mock_host);
                }
                free(payload);
                fprintf(stderr, "%s: produce %ld x %d B (acks=%s) in %.3f s = %.1f MB/s, %.0f rec/s, client CPU %.2f s\n",
                        label, n, size, acks, t_produce, mb / t_produce, n / t_produce, produce_cpu);
                printf("RESULT target=%s mode=produce size=%d records=%ld partitions=%d produce_s=%.4f "
                       "produce_mbps=%.2f produce_rps=%.0f client_cpu_s=%.3f\n",
                       label, size, n, partitions, t_produce, mb / t_produce, n / t_produce, produce_cpu);
                fflush(stdout);
                return 0;
        }

        /* ---- consume from the beginning (assign, no group) ---- */
        rd_kafka_conf_t *cconf = rd_kafka_conf_new();
        set(cconf, "bootstrap.servers", bootstrap);
        set(cconf, "group.id", "rdkafka-bench");
        set(cconf, "enable.auto.commit", "false");
        set(cconf, "enable.partition.eof", "false");
        set(cconf, "auto.offset.reset", "earliest");
        /* librdkafka 2.0.2 backs a partition off for fetch.error.backoff.ms (500 ms) once
         * its local queue passes queued.min.messages; with 16 partitions of catch-up data
         * that timer, not the broker, decides the figure, and it fires at random in both
         * targets. A queue large enough for a whole run keeps the comparison about the
         * brokers. */
        set(cconf, "queued.min.messages", "10000000");
        set(cconf, "queued.max.messages.kbytes", "2097151");
        rd_kafka_conf_set_log_cb(cconf, log_cb);
        rd_kafka_t *cons = rd_kafka_new(RD_KAFKA_CONSUMER, cconf, err, sizeof(err));
        if (!cons)
                die("consumer: %s", err);
        rd_kafka_poll_set_consumer(cons);
        rd_kafka_topic_partition_list_t *tps = rd_kafka_topic_partition_list_new(partitions);
        for (int p = 0; p < partitions; p++)
                rd_kafka_topic_partition_list_add(tps, topic, p)->offset = RD_KAFKA_OFFSET_BEGINNING;
        long got = 0, bad = 0;
        long long bytes = 0;
        t0 = now_s();
        deadline = t0 + PHASE_TIMEOUT_S;
        if (rd_kafka_assign(cons, tps))
                die("assign failed");
        double last_progress = t0;
        while (got < n && now_s() < deadline) {
                rd_kafka_message_t *m = rd_kafka_consumer_poll(cons, 100);
                if (!m) {
                        if (now_s() - last_progress > 10.0) {
                                fprintf(stderr, "consume: no record for 10 s, giving up\n");
                                break;
                        }
                        continue;
                }
                last_progress = now_s();
                if (m->err) {
                        fprintf(stderr, "consume error: %s\n", rd_kafka_message_errstr(m));
                } else {
                        got++;
                        bytes += (long long)m->len;
                        if (m->len != (size_t)size || memcmp(m->payload, payload, (size_t)size))
                                bad++;
                }
                rd_kafka_message_destroy(m);
        }
        double t_consume = now_s() - t0;
        rd_kafka_topic_partition_list_destroy(tps);
        rd_kafka_consumer_close(cons);
        rd_kafka_destroy(cons);
        if (mock_host) {
                rd_kafka_mock_cluster_destroy(mc);
                rd_kafka_destroy(mock_host);
        }
        free(payload);

        fprintf(stderr, "%s: produce %ld x %d B in %.3f s = %.1f MB/s, %.0f rec/s; "
                        "consume %ld in %.3f s = %.1f MB/s, %.0f rec/s\n",
                label, n, size, t_produce, mb / t_produce, n / t_produce, got, t_consume,
                (double)bytes / 1e6 / t_consume, got / t_consume);
        printf("RESULT target=%s mode=produce-consume size=%d records=%ld partitions=%d produce_s=%.4f produce_mbps=%.2f "
               "produce_rps=%.0f consume_s=%.4f consume_mbps=%.2f consume_rps=%.0f consumed=%ld corrupt=%ld\n",
               label, size, n, partitions, t_produce, mb / t_produce, n / t_produce, t_consume,
               (double)bytes / 1e6 / t_consume, got / t_consume, got, bad);
        fflush(stdout);
        if (got != n)
                die("consumed %ld of %ld records within %.0f s (mock pruning or a broker problem)", got, n,
                    PHASE_TIMEOUT_S);
        if (bad)
                die("%ld records came back with the wrong size or content", bad);
        return 0;
}
