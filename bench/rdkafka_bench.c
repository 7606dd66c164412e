/*
 * rdkafka_bench: produce N records of S bytes, then consume them from the beginning,
 * timing each phase. Used by bench/produce-consume.sh to compare runneld with the
 * librdkafka mock cluster under identical client settings.
 *
 *   rdkafka_bench -b HOST:PORT|mock -t TOPIC -n RECORDS -s SIZE -p PARTITIONS
 *                 [-a ACKS] [-l LINGER_MS] [-B BATCH_NUM_MESSAGES] [-S BATCH_SIZE_BYTES]
 *                 [-T LABEL]
 *
 * "-b mock" creates a one-broker mock cluster inside this process (rd_kafka_mock_cluster_new)
 * and the producer and consumer connect to it over loopback like to any broker. Against a
 * real broker the topic is created with the Admin API (an existing topic is an error, so
 * every run uses a fresh topic name).
 *
 * Output: one line "RESULT key=value ..." for the script to parse, plus human-readable
 * lines on stderr. Exit status 0 only if every record was acknowledged and read back.
 *
 * Build: gcc -O2 -Wall -o rdkafka_bench rdkafka_bench.c -lrdkafka
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static void log_cb(const rd_kafka_t *rk, int level, const char *fac, const char *buf) {
        (void)rk;
        if (level <= 4) /* warnings and worse */
                fprintf(stderr, "rdkafka %s: %s\n", fac, buf);
}

struct dr_state {
        long delivered;
        long failed;
        rd_kafka_resp_err_t first_err;
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
        }
}

static void create_topic(const char *brokers, const char *topic, int partitions) {
        char err[512];
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        set(conf, "bootstrap.servers", brokers);
        rd_kafka_conf_set_log_cb(conf, log_cb);
        rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
        if (!rk)
                die("admin client: %s", err);
        rd_kafka_NewTopic_t *nt = rd_kafka_NewTopic_new(topic, partitions, 1, err, sizeof(err));
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

        /* Wait until the metadata shows every partition with a leader. */
        rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
        double deadline = now_s() + 30;
        for (;;) {
                const struct rd_kafka_metadata *md = NULL;
                int ok = 0;
                if (rd_kafka_metadata(rk, 0, rkt, &md, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
                        if (md->topic_cnt == 1 && !md->topics[0].err &&
                            md->topics[0].partition_cnt == partitions) {
                                ok = 1;
                                for (int p = 0; p < partitions; p++)
                                        if (md->topics[0].partitions[p].leader < 0)
                                                ok = 0;
                        }
                        rd_kafka_metadata_destroy(md);
                }
                if (ok)
                        break;
                if (now_s() > deadline)
                        die("topic %s has no leaders after 30 s", topic);
                usleep(100 * 1000);
        }
        rd_kafka_topic_destroy(rkt);
        rd_kafka_queue_destroy(q);
        rd_kafka_destroy(rk);
}

int main(int argc, char **argv) {
        const char *brokers = NULL, *topic = "bench", *acks = "1", *linger = "5";
        const char *batch_num = "10000", *batch_size = "1000000", *label = NULL;
        long n = 100000;
        int size = 100, partitions = 1, opt;
        char err[512];

        while ((opt = getopt(argc, argv, "b:t:n:s:p:a:l:B:S:T:")) != -1) {
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
                default: die("usage: see the comment at the top of rdkafka_bench.c");
                }
        }
        if (!brokers || n <= 0 || size <= 0 || partitions <= 0)
                die("need -b BROKERS|mock, -n > 0, -s > 0, -p > 0");
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
                mc = rd_kafka_mock_cluster_new(mock_host, 1);
                if (!mc)
                        die("rd_kafka_mock_cluster_new failed");
                if (rd_kafka_mock_topic_create(mc, topic, partitions, 1))
                        die("mock topic create failed");
                bootstrap = rd_kafka_mock_cluster_bootstraps(mc);
        } else {
                create_topic(brokers, topic, partitions);
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
        rd_kafka_conf_set_dr_msg_cb(pconf, dr_cb);
        rd_kafka_conf_set_opaque(pconf, &st);
        rd_kafka_t *prod = rd_kafka_new(RD_KAFKA_PRODUCER, pconf, err, sizeof(err));
        if (!prod)
                die("producer: %s", err);
        rd_kafka_topic_t *prkt = rd_kafka_topic_new(prod, topic, NULL);
        /* Connect and fetch metadata before timing. */
        const struct rd_kafka_metadata *md = NULL;
        if (rd_kafka_metadata(prod, 0, prkt, &md, 10000) != RD_KAFKA_RESP_ERR_NO_ERROR)
                die("producer metadata failed");
        rd_kafka_metadata_destroy(md);

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
        if (st.failed)
                die("%ld of %ld records failed delivery (%s)", st.failed, n, rd_kafka_err2str(st.first_err));
        if (st.delivered != n)
                die("only %ld of %ld records delivered within %.0f s", st.delivered, n, PHASE_TIMEOUT_S);
        rd_kafka_topic_destroy(prkt);
        rd_kafka_destroy(prod);

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

        double mb = (double)n * size / 1e6;
        fprintf(stderr, "%s: produce %ld x %d B in %.3f s = %.1f MB/s, %.0f rec/s; "
                        "consume %ld in %.3f s = %.1f MB/s, %.0f rec/s\n",
                label, n, size, t_produce, mb / t_produce, n / t_produce, got, t_consume,
                (double)bytes / 1e6 / t_consume, got / t_consume);
        printf("RESULT target=%s size=%d records=%ld partitions=%d produce_s=%.4f produce_mbps=%.2f "
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
