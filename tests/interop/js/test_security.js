// interop_security (kafkajs part): SASL/SCRAM-SHA-256 against runneld. Run by
// ../test_security.py: node test_security.js SASL_BOOTSTRAP USER PASSWORD. Produces and
// consumes with a group as USER, and checks a wrong password is refused.
'use strict';

const { Kafka, logLevel } = require('kafkajs');

const [bootstrap, username, password] = process.argv.slice(2);
const TOPIC = 'kjs-secure';
const N = 20;

function log(...args) {
  console.log('[kafkajs-security]', ...args);
}
function check(cond, message) {
  if (!cond) throw new Error(`check failed: ${message}`);
}

function client(pw) {
  return new Kafka({
    clientId: 'runnel-kafkajs-security',
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    requestTimeout: 15000,
    retry: { retries: 2, initialRetryTime: 200 },
    sasl: { mechanism: 'scram-sha-256', username, password: pw },
  });
}

async function main() {
  // A wrong password is refused with SASL_AUTHENTICATION_FAILED.
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
    `wrong password should fail authentication, got ${refused && refused.type} ${refused && refused.message}`);
  log('wrong password refused:', refused.type || refused.message);

  const kafka = client(password);
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic: TOPIC, numPartitions: 1 }] });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: TOPIC,
    acks: -1,
    messages: Array.from({ length: N }, (_, i) => ({ value: `m${i}` })),
  });
  await producer.disconnect();
  log(`produced ${N} messages as ${username}`);

  const consumer = kafka.consumer({ groupId: 'kjs-secure-group' });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
  const seen = [];
  await consumer.run({ eachMessage: async ({ message }) => { seen.push(message.value.toString()); } });
  const deadline = Date.now() + 40000;
  while (seen.length < N && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await consumer.disconnect();
  check(seen.length === N, `consumed ${seen.length} of ${N}`);
  // The Python side granted alice a PREFIXED WRITE on 'orders-' before this runs.
  const acls = await admin.describeAcls({
    resourceType: 2, resourceName: 'orders-', resourcePatternType: 4,
    principal: 'User:alice', host: '*', operation: 1, permissionType: 1,
  });
  check(acls.resources.length === 1 && acls.resources[0].acls.length === 1,
    `describeAcls PREFIXED orders-: ${JSON.stringify(acls.resources)}`);
  await admin.disconnect();
  log(`consumed ${N} messages over SASL/SCRAM-SHA-256; describeAcls sees ${acls.resources.length} resource(s)`);
}

const timer = setTimeout(() => { console.error('kafkajs security test timed out'); process.exit(3); }, 80000);
main().then(() => { clearTimeout(timer); process.exit(0); }, (e) => { console.error(e); process.exit(1); });
