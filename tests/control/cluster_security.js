// cluster_security (kafkajs part): SASL/SCRAM-SHA-256 over TLS against a cluster the
// agent made. Run by test_cluster_security.py from tests/interop/js (where kafkajs is
// installed): node cluster_security.js SASL_SCRAM_BOOTSTRAP CA_PEM USER PASSWORD TOPIC.
// Checks a wrong password is refused, then produces 10 records as USER and reads them
// back with a consumer group.
'use strict';

const fs = require('fs');
const { Kafka, logLevel } = require('kafkajs');

const [bootstrap, caFile, username, password, topic] = process.argv.slice(2);
const N = 10;

function log(...args) {
  console.log('[kafkajs-cluster-security]', ...args);
}
function check(cond, message) {
  if (!cond) throw new Error(`check failed: ${message}`);
}

function client(pw) {
  return new Kafka({
    clientId: 'runnel-kafkajs-cluster-security',
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 5000,
    requestTimeout: 15000,
    retry: { retries: 2, initialRetryTime: 200 },
    // Verifies the broker against the cluster CA (and its "localhost"/127.0.0.1 names).
    ssl: { ca: [fs.readFileSync(caFile, 'utf8')], rejectUnauthorized: true },
    sasl: { mechanism: 'scram-sha-256', username, password: pw },
  });
}

async function main() {
  const bad = client('wrong-password').admin();
  let refused = null;
  try {
    await bad.connect();
    await bad.listTopics();
  } catch (e) {
    refused = e;
  }
  await bad.disconnect().catch(() => {});
  check(refused && /SASL_AUTHENTICATION_FAILED|Authentication failed/i.test(`${refused.type} ${refused.message}`),
    `a wrong password must fail authentication, got ${refused && refused.type} ${refused && refused.message}`);
  log('wrong password refused:', refused.type || refused.message);

  const kafka = client(password);
  const producer = kafka.producer();
  await producer.connect();
  const messages = [];
  for (let i = 0; i < N; i++) messages.push({ key: `k${i}`, value: `kafkajs-${i}` });
  await producer.send({ topic, acks: -1, messages });
  await producer.disconnect();
  log(`produced ${N} records to ${topic} over SASL_SSL with SCRAM-SHA-256`);

  const consumer = kafka.consumer({ groupId: 'kjs-cluster-security', sessionTimeout: 10000 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const seen = new Set();
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`consumed ${seen.size} of ${N}`)), 40000);
    consumer.run({
      eachMessage: async ({ message }) => {
        const v = message.value.toString();
        if (v.startsWith('kafkajs-')) seen.add(v);
        if (seen.size === N) {
          clearTimeout(timer);
          resolve();
        }
      },
    }).catch(reject);
  });
  await consumer.disconnect();
  log(`consumed all ${N} records with a consumer group`);
}

main().then(() => process.exit(0)).catch((e) => {
  console.error('[kafkajs-cluster-security] FAILED', e);
  process.exit(1);
});
