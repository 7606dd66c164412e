// interop_kafkajs: kafkajs 2.2.4 against runneld. Run by ../test_kafkajs.py, which starts
// the broker: node test_kafkajs.js BOOTSTRAP. RUNNEL_MOCK=1 skips what the librdkafka
// mock cannot do (admin requests go to its controller id 0, which does not exist).
'use strict';

const { Kafka, logLevel, ConfigResourceTypes } = require('kafkajs');

const bootstrap = process.argv[2];
const mock = process.env.RUNNEL_MOCK === '1';
// 1 against one broker, 3 against a cluster (harness.py's RUNNEL_TEST_CLUSTER).
const replicationFactor = Number(process.env.RUNNEL_REPLICATION_FACTOR || '1');
const TOPIC = 'kjs-topic';
const GROUP = 'kjs-group';
const PARTITIONS = 3;
const N = 300;
const OVERALL_TIMEOUT_MS = 100000;

const t0 = Date.now();
function log(...args) {
  console.log(`[kafkajs ${((Date.now() - t0) / 1000).toFixed(2)}]`, ...args);
}
function check(cond, message) {
  if (!cond) throw new Error(`check failed: ${message}`);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(pred, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await pred()) return;
    await sleep(100);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

async function main() {
  const kafka = new Kafka({
    clientId: 'runnel-kafkajs',
    brokers: bootstrap.split(','),
    logLevel: logLevel.WARN,
    connectionTimeout: 3000,
    requestTimeout: 15000,
    retry: { retries: 5, initialRetryTime: 200 },
  });
  const admin = kafka.admin();
  await admin.connect();

  // Admin: createTopics with a config override, then metadata and describeConfigs.
  if (!mock) {
    const created = await admin.createTopics({
      waitForLeaders: true,
      topics: [{
        topic: TOPIC, numPartitions: PARTITIONS, replicationFactor,
        configEntries: [{ name: 'retention.ms', value: '5400000' }],
      }],
    });
    check(created === true, `createTopics returned ${created}, expected true (topic created)`);
    log('createTopics OK');
  }

  const producer = kafka.producer({ allowAutoTopicCreation: mock });
  await producer.connect();
  if (mock) {
    // Topics are auto-created by the mock on the first metadata request.
    await producer.send({ topic: 'kjs-warmup', messages: [{ value: 'x' }] });
  }

  const md = await admin.fetchTopicMetadata({ topics: [TOPIC] });
  check(md.topics.length === 1 && md.topics[0].name === TOPIC, `fetchTopicMetadata: ${JSON.stringify(md)}`);
  const parts = md.topics[0].partitions;
  if (!mock) {
    check(parts.length === PARTITIONS, `fetchTopicMetadata shows ${parts.length} partitions, expected ${PARTITIONS}`);
    for (const p of parts) {
      const leaderOk = replicationFactor === 1 ? p.leader === 1 : p.leader >= 1 && p.leader <= 3;
      check(leaderOk && p.partitionErrorCode === 0,
        `partition ${p.partitionId}: leader ${p.leader}, error ${p.partitionErrorCode}`);
    }
  }
  const nparts = parts.length;
  log(`fetchTopicMetadata: ${nparts} partitions, leaders ${parts.map((p) => p.leader)}`);

  if (!mock) {
    const cfg = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: TOPIC }],
    });
    check(cfg.resources.length === 1, `describeConfigs returned ${cfg.resources.length} resources`);
    const res = cfg.resources[0];
    check(res.errorCode === 0, `describeConfigs error ${res.errorCode} ${res.errorMessage}`);
    const entry = res.configEntries.find((e) => e.configName === 'retention.ms');
    check(entry && entry.configValue === '5400000',
      `describeConfigs retention.ms = ${entry && entry.configValue}, expected the override 5400000`);
    log(`describeConfigs: ${res.configEntries.length} entries, retention.ms=${entry.configValue}`);
  }

  // Producer: N keyed messages in 3 sends, acks=all.
  const sent = [];
  for (let b = 0; b < 3; b++) {
    const messages = [];
    for (let i = b * (N / 3); i < (b + 1) * (N / 3); i++) {
      const value = `kjs-${String(i).padStart(5, '0')}`;
      messages.push({ key: `key-${i % 7}`, value, partition: i % nparts });
      sent.push(value);
    }
    const result = await producer.send({ topic: TOPIC, acks: -1, messages });
    for (const r of result) {
      check(r.errorCode === 0, `send: partition ${r.partition} error ${r.errorCode}`);
    }
  }
  await producer.disconnect();
  log(`producer sent ${N} messages`);

  // Consumer group reads them all.
  const received = [];
  const consumer = kafka.consumer({ groupId: GROUP, sessionTimeout: 10000, heartbeatInterval: 1000 });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      received.push({ partition, offset: Number(message.offset), value: message.value.toString() });
    },
  });
  await waitFor(() => received.length >= N, 45000, `the consumer group to receive ${N} messages`);
  await sleep(500); // let duplicates (if any) show up
  await consumer.disconnect();
  const values = received.map((r) => r.value).sort();
  check(values.length === N && values.every((v, i) => v === [...sent].sort()[i]),
    `consumer group received ${values.length} messages (${new Set(values).size} distinct), sent ${N}`);
  log(`consumer group received all ${N} messages exactly once`);

  // fetchOffsets: the group's committed offsets are the high watermarks.
  const high = await admin.fetchTopicOffsets(TOPIC);
  const committed = await admin.fetchOffsets({ groupId: GROUP, topics: [TOPIC] });
  check(committed.length === 1 && committed[0].topic === TOPIC, `fetchOffsets: ${JSON.stringify(committed)}`);
  const byPart = new Map(committed[0].partitions.map((p) => [p.partition, p.offset]));
  let total = 0;
  for (const h of high) {
    total += Number(h.high);
    if (Number(h.high) === 0) continue;
    check(byPart.get(h.partition) === h.high,
      `partition ${h.partition}: committed offset ${byPart.get(h.partition)}, high watermark ${h.high}`);
  }
  check(total === N, `high watermarks add up to ${total}, expected ${N}`);
  log(`fetchOffsets: ${JSON.stringify([...byPart])} equal the high watermarks`);

  // deleteTopicRecords (DeleteRecords): the log start offset moves, the rest stays readable
  // (in a cluster the partition's leader moves it; kafkajs sends it there).
  const busiest = high.reduce((a, b) => (Number(b.high) > Number(a.high) ? b : a));
  const cut = Math.floor(Number(busiest.high) / 2);
  await admin.deleteTopicRecords({ topic: TOPIC, partitions: [{ partition: busiest.partition, offset: String(cut) }] });
  const after = await admin.fetchTopicOffsets(TOPIC);
  const moved = after.find((p) => p.partition === busiest.partition);
  check(Number(moved.low) === cut && moved.high === busiest.high,
    `after deleteTopicRecords to ${cut}: low ${moved.low}, high ${moved.high} (was ${busiest.high})`);
  log(`deleteTopicRecords: partition ${busiest.partition} now starts at ${moved.low}`);
  await admin.disconnect();
}

const timer = setTimeout(() => {
  console.error(`FAIL: kafkajs test exceeded ${OVERALL_TIMEOUT_MS} ms`);
  process.exit(1);
}, OVERALL_TIMEOUT_MS);

main().then(() => {
  clearTimeout(timer);
  log('PASS');
  process.exit(0);
}, (err) => {
  console.error('FAIL:', err && err.stack ? err.stack : err);
  process.exit(1);
});
