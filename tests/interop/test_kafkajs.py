#!/usr/bin/python3
"""interop_kafkajs: starts runneld and runs js/test_kafkajs.js (kafkajs 2.2.4, pinned by
js/package-lock.json; `npm ci` in js/ installs it, scripts/install-deps.sh does that).

The node script checks: admin createTopics (with a config override), fetchTopicMetadata
(partitions and leader), describeConfigs (the override), producer send with acks=all,
a consumer group reading every message exactly once, and admin fetchOffsets showing
the group's committed offsets equal to the high watermarks.
"""

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import check, log  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
JS = os.path.join(HERE, "js")


def main(ctx):
    node = os.environ.get("RUNNEL_NODE", "node")
    check(os.path.isdir(os.path.join(JS, "node_modules", "kafkajs")),
          "kafkajs is not installed: run `npm ci` in %s (scripts/install-deps.sh does it)" % JS)
    env = dict(os.environ)
    env["KAFKAJS_NO_PARTITIONER_WARNING"] = "1"
    env["RUNNEL_MOCK"] = "1" if ctx.is_mock else "0"
    env["RUNNEL_REPLICATION_FACTOR"] = str(ctx.replication_factor)
    p = ctx.children.popen([node, os.path.join(JS, "test_kafkajs.js"), ctx.bootstrap],
                           cwd=JS, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        out, _ = p.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        p.kill()
        out, _ = p.communicate()
    sys.stdout.write(out.decode(errors="replace"))
    check(p.returncode == 0, "kafkajs test failed (exit status %s)" % p.returncode)
    log("kafkajs test passed")


if __name__ == "__main__":
    harness.run(main, "interop_kafkajs", timeout_s=150)
