#pragma once

// Helpers shared by the storage tests: building produce payloads and reading back what a
// consumer would see.

#include "engine/records/record_batch.h"
#include "engine/storage/partition_log.h"

#include <QtTest>

#include <string>
#include <vector>

namespace runnel::storage::test {

struct BatchSpec
{
    int count = 1;
    int64_t timestamp = 1'000'000; // first record; each next one +1 ms
    std::string keyPrefix = "key";
    std::string valuePrefix = "value";
    size_t valuePadding = 0;
    records::Compression compression = records::Compression::None;
    int64_t producerId = -1;
    int16_t producerEpoch = -1;
    int32_t baseSequence = -1;
    bool tombstone = false;
};

inline Bytes makeBatch(const BatchSpec &spec)
{
    std::vector<records::Record> recs;
    for (int i = 0; i < spec.count; ++i) {
        records::Record r;
        r.offset = i;
        r.timestamp = spec.timestamp + i;
        std::string key = spec.keyPrefix + (spec.count > 1 ? std::to_string(i) : "");
        r.key = Bytes(key.begin(), key.end());
        if (!spec.tombstone) {
            std::string value = spec.valuePrefix + std::string(spec.valuePadding, '.');
            r.value = Bytes(value.begin(), value.end());
        }
        recs.push_back(std::move(r));
    }
    records::BatchOptions opts;
    opts.compression = spec.compression;
    opts.producerId = spec.producerId;
    opts.producerEpoch = spec.producerEpoch;
    opts.baseSequence = spec.baseSequence;
    auto b = records::buildBatch(opts, recs);
    if (!b)
        qFatal("buildBatch: %s", b.error().message.c_str());
    return std::move(b).value();
}

inline Result<AppendResult> appendBatch(PartitionLog &log, const BatchSpec &spec, TimestampMs now)
{
    Bytes b = makeBatch(spec);
    return log.append(std::span<uint8_t>(b), now);
}

inline std::string text(const std::optional<Bytes> &b)
{
    return b ? std::string(b->begin(), b->end()) : std::string("<null>");
}

// Splits fetched bytes into batches and decodes every record.
inline std::vector<records::Record> decodeAll(const Bytes &data)
{
    std::vector<records::Record> out;
    size_t pos = 0;
    while (pos < data.size()) {
        auto h = records::verifyBatch(ByteSpan(data).subspan(pos));
        if (!h)
            qFatal("fetched data is not whole batches: %s", h.error().message.c_str());
        auto recs = records::decodeRecords(ByteSpan(data).subspan(pos, h->totalSize()));
        if (!recs)
            qFatal("decode: %s", recs.error().message.c_str());
        out.insert(out.end(), recs->begin(), recs->end());
        pos += h->totalSize();
    }
    return out;
}

inline std::vector<records::BatchHeader> headersOf(const Bytes &data)
{
    std::vector<records::BatchHeader> out;
    size_t pos = 0;
    while (pos < data.size()) {
        auto h = records::parseBatchHeader(ByteSpan(data).subspan(pos));
        if (!h)
            qFatal("bad batch in fetched data");
        out.push_back(*h);
        pos += h->totalSize();
    }
    return out;
}

// Everything a consumer would read from offset `from` to the log end.
inline std::vector<records::Record> readAll(const PartitionLog &log, int64_t from)
{
    auto r = log.read(Offset(from), 1 << 30, log.logEndOffset());
    if (!r)
        qFatal("read: %s", r.error().message.c_str());
    return decodeAll(r->data);
}

inline std::unique_ptr<PartitionLog> openLog(const std::filesystem::path &dir, const LogConfig &cfg)
{
    auto log = PartitionLog::open(dir, cfg);
    if (!log)
        qFatal("open: %s", log.error().message.c_str());
    return std::move(log).value();
}

} // namespace runnel::storage::test
