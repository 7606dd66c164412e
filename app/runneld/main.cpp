// runneld: the Runnel broker. Started like Kafka: `runneld path/to/server.properties`.

#include "engine/broker/broker.h"
#include "engine/broker/config.h"
#include "engine/broker/properties.h"
#include "engine/common/log.h"

#include <asio.hpp>

#include <cstdio>
#include <cstring>
#include <malloc.h>
#include <string>
#include <vector>

namespace {

constexpr const char *kUsage
    = "usage: runneld [--log-level debug|info|warn|error] [--override key=value]... "
      "server.properties\n"
      "Starts one Runnel broker configured with Kafka's server.properties keys.\n";

// How long SIGTERM waits for a cluster member to hand its leaderships over.
constexpr int64_t kControlledShutdownMs = 5000;

} // namespace

int main(int argc, char **argv)
{
    using namespace runnel;
    std::string file;
    std::vector<std::pair<std::string, std::string>> overrides;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "-h" || arg == "--help") {
            std::fputs(kUsage, stdout);
            return 0;
        }
        if (arg == "--version") {
            std::puts("runneld 0.1.0");
            return 0;
        }
        if (arg == "--log-level" && i + 1 < argc) {
            log::Level level;
            if (!log::parseLevel(argv[++i], level)) {
                std::fprintf(stderr, "runneld: unknown log level '%s'\n", argv[i]);
                return 2;
            }
            log::setLevel(level);
            continue;
        }
        if (arg == "--override" && i + 1 < argc) {
            std::string kv = argv[++i];
            auto eq = kv.find('=');
            if (eq == std::string::npos) {
                std::fprintf(stderr, "runneld: --override needs key=value, got '%s'\n", kv.c_str());
                return 2;
            }
            overrides.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
            continue;
        }
        if (!arg.empty() && arg[0] == '-') {
            std::fprintf(stderr, "runneld: unknown option '%s'\n%s", arg.c_str(), kUsage);
            return 2;
        }
        if (!file.empty()) {
            std::fprintf(stderr, "runneld: only one properties file may be given\n%s", kUsage);
            return 2;
        }
        file = arg;
    }
    if (file.empty()) {
        std::fputs(kUsage, stderr);
        return 2;
    }

    auto props = broker::loadProperties(file);
    if (!props) {
        RLOG_ERROR("runneld") << props.error().message;
        return 1;
    }
    for (auto &[k, v] : overrides)
        props.value()[k] = v;
    auto parsed = broker::parseBrokerConfig(props.value());
    if (!parsed) {
        RLOG_ERROR("runneld") << file << ": " << parsed.error().message;
        return 1;
    }
    for (const auto &note : parsed->notes) {
        if (note.kind == broker::ConfigIssue::Kind::Ignored)
            RLOG_INFO("config") << note.message;
        else
            RLOG_WARN("config") << note.message;
    }

    // Produce requests and fetch responses are megabyte-sized buffers made and freed at
    // a high rate. glibc would serve each from a fresh mmap and fault its pages in again;
    // keeping them on the heap lets the allocator reuse warm memory.
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 128 << 20);

    asio::io_context io(1);
    broker::Broker b(io, std::move(parsed.value().config));
    int exitCode = 0;
    b.setFatalHandler([&](const Error &error) {
        RLOG_ERROR("runneld") << "cannot go on: " << error.message;
        exitCode = 1;
        b.stop();
        io.stop();
    });
    if (Status s = b.start(); !s.ok()) {
        RLOG_ERROR("runneld") << "cannot start: " << s.error().message;
        return 1;
    }
    asio::signal_set signals(io, SIGTERM, SIGINT);
    signals.async_wait([&](const asio::error_code &ec, int signal) {
        if (ec)
            return;
        RLOG_INFO("runneld") << "received " << (signal == SIGTERM ? "SIGTERM" : "SIGINT")
                             << ", shutting down";
        // A cluster member hands its leaderships over first (controlled shutdown).
        b.shutDown(kControlledShutdownMs, [&] { io.stop(); });
    });
    // A peer that vanishes mid-write must not kill the broker.
    std::signal(SIGPIPE, SIG_IGN);
    io.run();
    return exitCode;
}
