// Encryption at rest of partition logs (engine/storage/at_rest_cipher.h): what a consumer
// reads is unchanged, the files never hold the plaintext, tampering and swapped frames are
// refused with a clear error, a torn tail is truncated by recovery, and retention,
// compaction, timestamp lookups and the follower path still work.

#include "engine/storage/at_rest_cipher.h"
#include "engine/storage/log_manager.h"
#include "engine/storage/partition_log.h"
#include "tests/storage/storage_test_util.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sys/stat.h>

using namespace runnel;
using namespace runnel::storage;
using namespace runnel::storage::test;

namespace {

constexpr TimestampMs kT0 = 1'700'000'000'000;
const std::string kSecret = "TOP-SECRET-PLAINTEXT-7f3a";

std::shared_ptr<const AtRestKey> makeKey(uint8_t fill)
{
    Bytes raw(kDataKeySize);
    for (size_t i = 0; i < raw.size(); ++i)
        raw[i] = uint8_t(fill + i * 7);
    auto k = AtRestKey::fromBytes(raw);
    if (!k)
        qFatal("key: %s", k.error().message.c_str());
    return *k;
}

LogConfig encrypted(std::shared_ptr<const AtRestKey> key = makeKey(1))
{
    LogConfig cfg;
    cfg.segmentBytes = 4096;
    cfg.indexIntervalBytes = 512;
    cfg.encryptionKey = std::move(key);
    return cfg;
}

Bytes fileBytes(const std::filesystem::path &p)
{
    std::ifstream in(p, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Files under dir whose bytes contain needle.
std::vector<std::string> filesContaining(const std::filesystem::path &dir,
                                         const std::string &needle)
{
    std::vector<std::string> hits;
    for (const auto &e : std::filesystem::recursive_directory_iterator(dir)) {
        if (!e.is_regular_file())
            continue;
        Bytes b = fileBytes(e.path());
        if (std::search(b.begin(), b.end(), needle.begin(), needle.end()) != b.end())
            hits.push_back(e.path().filename().string());
    }
    return hits;
}

std::filesystem::path lastSegmentFile(const std::filesystem::path &dir)
{
    std::filesystem::path last;
    for (const auto &e : std::filesystem::directory_iterator(dir))
        if (e.path().extension() == ".log" && (last.empty() || e.path() > last))
            last = e.path();
    return last;
}

void flipByte(const std::filesystem::path &file, std::uintmax_t position)
{
    std::fstream f(file, std::ios::binary | std::ios::in | std::ios::out);
    f.seekg(std::streamoff(position));
    char c = 0;
    f.read(&c, 1);
    c = char(c ^ 0x40);
    f.seekp(std::streamoff(position));
    f.write(&c, 1);
}

void writeFile(const std::filesystem::path &p, const std::string &content, mode_t mode)
{
    std::ofstream(p, std::ios::binary | std::ios::trunc) << content;
    ::chmod(p.c_str(), mode);
}

void fill(PartitionLog &log, int batches, const std::string &value = kSecret)
{
    for (int b = 0; b < batches; ++b)
        if (!appendBatch(
                 log,
                 {.count = 3, .timestamp = kT0 + 10 * b, .valuePrefix = value, .valuePadding = 100},
                 kT0)
                 .ok())
            qFatal("append failed");
}

} // namespace

class TestAtRestEncryption : public QObject
{
    Q_OBJECT
private slots:
    // The same writes in the clear and encrypted: the clear log's files hold the secret
    // (so the grep below can find it), the encrypted log's never do, and both read back
    // the same records, before and after a clean restart.
    void roundTripKeepsPlaintextOffDisk()
    {
        QTemporaryDir tmp;
        std::filesystem::path clearDir = tmp.filePath("clear-0").toStdString();
        std::filesystem::path dir = tmp.filePath("orders-0").toStdString();
        LogConfig clearCfg = encrypted(nullptr);
        auto clear = openLog(clearDir, clearCfg);
        auto log = openLog(dir, encrypted());
        fill(*clear, 40);
        fill(*log, 40);
        QVERIFY(log->segmentCount() > 2);
        QCOMPARE(log->logEndOffset(), Offset(120));
        auto expected = readAll(*clear, 0);
        auto got = readAll(*log, 0);
        QCOMPARE(got, expected);
        QCOMPARE(text(got[77].value).substr(0, kSecret.size()), kSecret);

        // Index lookups land on the right batch although frames are longer than batches.
        for (int64_t target : {0, 31, 64, 101, 119}) {
            auto r = log->read(Offset(target), 1, Offset(120));
            QVERIFY(r.ok());
            auto recs = decodeAll(r->data);
            QVERIFY(recs.front().offset <= target && recs.back().offset >= target);
        }
        QCOMPARE(log->offsetForTimestamp(kT0 + 10 * 25 + 1)->first, Offset(76));
        QCOMPARE(log->offsetOfMaxTimestamp()->first, Offset(119));
        // maxBytes is honoured in plaintext bytes: a small budget returns whole batches.
        auto part = log->read(Offset(0), 600, Offset(120), false);
        QVERIFY(part.ok());
        QVERIFY(!part->data.empty() && part->data.size() <= 600);
        QCOMPARE(decodeAll(part->data).front().offset, int64_t(0));

        QVERIFY(clear->close().ok());
        QVERIFY(log->close().ok());
        QVERIFY(!filesContaining(clearDir, kSecret).empty());
        QCOMPARE(filesContaining(dir, kSecret), std::vector<std::string>{});
        QCOMPARE(filesContaining(dir, "TOP-SECRET"), std::vector<std::string>{});

        log = openLog(dir, encrypted());
        QCOMPARE(readAll(*log, 0), expected);
    }

    // A changed byte anywhere in a frame (header, nonce, ciphertext, tag) is refused with
    // a sentence naming the offset, never served as data.
    void tamperingIsRefused_data()
    {
        QTest::addColumn<int>("where");
        QTest::newRow("timestamp in the header") << 30;
        QTest::newRow("nonce") << 65;
        QTest::newRow("ciphertext") << 150;
        QTest::newRow("tag") << -3;
    }
    void tamperingIsRefused()
    {
        QFETCH(int, where);
        QTemporaryDir tmp;
        std::filesystem::path dir = tmp.filePath("ledger-0").toStdString();
        auto log = openLog(dir, encrypted());
        fill(*log, 40);
        auto second = log->read(Offset(3), 1, Offset(6));
        QVERIFY(second.ok());
        QVERIFY(log->close().ok()); // clean: reopening trusts the data, reads must check it
        log.reset();
        // Batch 1 (offsets 3..5) is the second frame of the first segment.
        const auto first = dir / "00000000000000000000.log";
        const Bytes disk = fileBytes(first);
        const size_t frame = size_t(loadBE32(disk.data() + 8)) + 12;
        QCOMPARE(frame, second->data.size() + kFrameOverhead);
        flipByte(first, where >= 0 ? frame + size_t(where) : 2 * frame + size_t(where));

        log = openLog(dir, encrypted());
        QVERIFY(log->read(Offset(0), 1, Offset(3)).ok()); // the frame before is intact
        auto r = log->read(Offset(3), 1 << 20, Offset(120));
        QVERIFY(!r.ok());
        QCOMPARE(r.code(), ErrorCode::KafkaStorageError);
        QVERIFY2(r.error().message.find("offset 3 of ledger-0 failed authentication")
                     != std::string::npos,
                 r.error().message.c_str());
    }

    // Frames are bound to their partition and offset: one copied into another partition's
    // log, or a log opened with another key, fails authentication; a log opened without a
    // key, or a clear log opened with one, is refused instead of truncated.
    void framesAreBoundToPartitionAndKey()
    {
        QTemporaryDir tmp;
        std::filesystem::path a = tmp.filePath("pay-0").toStdString();
        std::filesystem::path b = tmp.filePath("pay-1").toStdString();
        for (const auto &d : {a, b}) {
            auto log = openLog(d, encrypted());
            fill(*log, 5, d == a ? "alpha" : "bravo");
            QVERIFY(log->close().ok());
        }
        // Same offsets, same key, other partition: swap the segment files.
        std::filesystem::copy_file(a / "00000000000000000000.log",
                                   b / "00000000000000000000.log",
                                   std::filesystem::copy_options::overwrite_existing);
        auto swapped = openLog(b, encrypted());
        auto r = swapped->read(Offset(0), 1 << 20, Offset(15));
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.find("of pay-1 failed authentication") != std::string::npos,
                 r.error().message.c_str());

        auto wrongKey = openLog(a, encrypted(makeKey(99)));
        r = wrongKey->read(Offset(0), 1 << 20, Offset(15));
        QVERIFY(!r.ok());
        QVERIFY(r.error().message.find("is not the one it was written with") != std::string::npos);
        QVERIFY(wrongKey->close().ok());

        LogConfig noKey = encrypted(nullptr);
        std::filesystem::remove(a / ".runnel_clean_shutdown"); // force the recovery scan
        auto opened = PartitionLog::open(a, noKey);
        QVERIFY(!opened.ok());
        QVERIFY2(opened.error().message.find("no data key (runnel.log.encryption.key.file)")
                     != std::string::npos,
                 opened.error().message.c_str());
        // Nothing was truncated: with the key the log is whole.
        auto again = openLog(a, encrypted());
        QCOMPARE(again->logEndOffset(), Offset(15));
        QCOMPARE(readAll(*again, 0).size(), size_t(15));
        QVERIFY(again->close().ok());

        std::filesystem::path c = tmp.filePath("plain-0").toStdString();
        {
            auto clear = openLog(c, noKey);
            fill(*clear, 3);
        } // crash: recovery will scan
        auto refused = PartitionLog::open(c, encrypted());
        QVERIFY(!refused.ok());
        QVERIFY(refused.error().message.find("encryption cannot be turned on")
                != std::string::npos);
        QCOMPARE(openLog(c, noKey)->logEndOffset(), Offset(9));
    }

    // After a crash, a torn or damaged last frame is cut off; everything before it reads
    // back and appends continue at the cut.
    void tornTailIsTruncated_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::newRow("cut mid-frame") << "cut";
        QTest::newRow("zero-filled tail") << "zeros";
        QTest::newRow("bit flip in the last frame") << "flip";
        QTest::newRow("zeroed ciphertext, length intact") << "hole";
    }
    void tornTailIsTruncated()
    {
        QFETCH(QString, damage);
        QTemporaryDir tmp;
        std::filesystem::path dir = tmp.filePath("events-0").toStdString();
        auto log = openLog(dir, encrypted());
        fill(*log, 40);
        log.reset(); // crash
        auto file = lastSegmentFile(dir);
        auto size = std::filesystem::file_size(file);
        const Bytes disk = fileBytes(file);
        // Walk the frames to find where the last one starts.
        size_t pos = 0, lastStart = 0;
        while (pos < disk.size()) {
            lastStart = pos;
            pos += size_t(loadBE32(disk.data() + pos + 8)) + 12;
        }
        int64_t expectedEnd = 117;
        if (damage == "cut") {
            std::filesystem::resize_file(file, size - 40);
        } else if (damage == "zeros") {
            std::ofstream(file, std::ios::binary | std::ios::app) << std::string(4096, '\0');
            expectedEnd = 120;
        } else if (damage == "flip") {
            flipByte(file, size - 30);
        } else if (damage == "hole") {
            std::fstream f(file, std::ios::binary | std::ios::in | std::ios::out);
            f.seekp(std::streamoff(lastStart + 80));
            f << std::string(64, '\0');
        }
        log = openLog(dir, encrypted());
        QCOMPARE(log->logEndOffset(), Offset(expectedEnd));
        auto recs = readAll(*log, 0);
        QCOMPARE(recs.size(), size_t(expectedEnd));
        auto r = appendBatch(*log, {.count = 2, .valuePrefix = "after"}, kT0);
        QVERIFY(r.ok());
        QCOMPARE(r->firstOffset, Offset(expectedEnd));
        QVERIFY(log->close().ok());
        log = openLog(dir, encrypted());
        recs = readAll(*log, expectedEnd);
        QCOMPARE(recs.size(), size_t(2));
        QCOMPARE(text(recs.front().value), std::string("after"));
    }

    // Compaction rewrites encrypted segments into encrypted segments.
    void compactionKeepsLatestValuesEncrypted()
    {
        QTemporaryDir tmp;
        std::filesystem::path dir = tmp.filePath("users-0").toStdString();
        LogConfig cfg = encrypted();
        cfg.cleanupCompact = true;
        cfg.cleanupDelete = false;
        cfg.segmentBytes = 600;
        auto log = openLog(dir, cfg);
        for (int round = 0; round < 6; ++round)
            for (int k = 0; k < 4; ++k)
                QVERIFY(appendBatch(*log,
                                    {.count = 1,
                                     .timestamp = kT0 + round,
                                     .keyPrefix = "user" + std::to_string(k),
                                     .valuePrefix = "secret-v" + std::to_string(round),
                                     .valuePadding = 40},
                                    kT0)
                            .ok());
        QVERIFY(log->segmentCount() > 3);
        QVERIFY(log->compact(kT0 + 1000).ok());
        auto recs = readAll(*log, 0);
        std::map<std::string, std::string> latest;
        for (const auto &r : recs)
            latest[text(r.key)] = text(r.value).substr(0, 9);
        QCOMPARE(latest.size(), size_t(4));
        for (const auto &[k, v] : latest)
            QCOMPARE(v, std::string("secret-v5"));
        QVERIFY(recs.size() < 24);
        QVERIFY(log->close().ok());
        QCOMPARE(filesContaining(dir, "secret-v"), std::vector<std::string>{});
        log = openLog(dir, cfg);
        QCOMPARE(readAll(*log, 0), recs);
    }

    void retentionDeletesEncryptedSegments()
    {
        QTemporaryDir tmp;
        std::filesystem::path dir = tmp.filePath("metrics-0").toStdString();
        LogConfig cfg = encrypted();
        cfg.retentionBytes = 3000;
        cfg.fileDeleteDelayMs = 0;
        auto log = openLog(dir, cfg);
        fill(*log, 60);
        const size_t before = log->segmentCount();
        log->runHousekeeping(kT0 + 1000);
        QVERIFY(log->segmentCount() < before);
        QVERIFY(log->logStartOffset().value() > 0);
        auto recs = readAll(*log, log->logStartOffset().value());
        QCOMPARE(recs.back().offset, int64_t(179));
        QCOMPARE(text(recs.back().value).substr(0, kSecret.size()), kSecret);
    }

    // The follower path: the leader serves decrypted batches, the follower verifies and
    // re-encrypts them with its own nonces; truncation and re-append work.
    void followerAppendsAndTruncates()
    {
        QTemporaryDir tmp;
        auto leader = openLog(tmp.filePath("leader/repl-0").toStdString(), encrypted());
        auto follower = openLog(tmp.filePath("follower/repl-0").toStdString(), encrypted());
        fill(*leader, 20);
        auto fetched = leader->read(Offset(0), 1 << 20, Offset(60));
        QVERIFY(fetched.ok());
        auto r = follower->appendAsFollower(std::span<uint8_t>(fetched->data), kT0);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        QCOMPARE(follower->logEndOffset(), Offset(60));
        QCOMPARE(readAll(*follower, 0), readAll(*leader, 0));
        QVERIFY(follower->truncateTo(Offset(30)).ok());
        QCOMPARE(follower->logEndOffset(), Offset(30));
        auto tail = leader->read(Offset(30), 1 << 20, Offset(60));
        QVERIFY(follower->appendAsFollower(std::span<uint8_t>(tail->data), kT0).ok());
        QCOMPARE(readAll(*follower, 0), readAll(*leader, 0));
    }

    // Each log dir records its key id: another key, no key, or a key on clear data stops
    // the broker at start-up with a sentence, instead of recovery truncating what a wrong
    // key cannot authenticate.
    void logDirsRememberTheirKey()
    {
        QTemporaryDir tmp;
        std::vector<std::filesystem::path> dirs{tmp.filePath("data").toStdString()};
        LogConfig cfg = encrypted();
        {
            auto m = LogManager::open(dirs, 1, {}, cfg);
            QVERIFY2(m.ok(), m.ok() ? "" : m.error().message.c_str());
            auto log = (*m)->create("orders", 0, cfg);
            QVERIFY(log.ok());
            fill(**log, 5);
            // A crash: no closeAll, so the next open runs recovery.
        }
        auto wrong = LogManager::open(dirs, 1, {}, encrypted(makeKey(42)));
        QVERIFY(!wrong.ok());
        QCOMPARE(wrong.code(), ErrorCode::InvalidConfig);
        QVERIFY2(wrong.error().message.find("give the broker the key it wrote with")
                     != std::string::npos,
                 wrong.error().message.c_str());
        auto none = LogManager::open(dirs, 1, {}, encrypted(nullptr));
        QVERIFY(!none.ok());
        QVERIFY(none.error().message.find("is encrypted at rest") != std::string::npos);
        auto right = LogManager::open(dirs, 1, {}, cfg);
        QVERIFY(right.ok());
        QCOMPARE(readAll(*(*right)->get("orders", 0), 0).size(), size_t(15));
        QVERIFY((*right)->closeAll().ok());

        std::vector<std::filesystem::path> clearDirs{tmp.filePath("clear").toStdString()};
        {
            auto m = LogManager::open(clearDirs, 1, {}, encrypted(nullptr));
            QVERIFY(m.ok());
            QVERIFY((*m)->create("orders", 0, encrypted(nullptr)).ok());
            QVERIFY((*m)->closeAll().ok());
        }
        auto turnedOn = LogManager::open(clearDirs, 1, {}, cfg);
        QVERIFY(!turnedOn.ok());
        QVERIFY(turnedOn.error().message.find("cannot be turned on for existing data")
                != std::string::npos);
    }

    void keyFiles()
    {
        QTemporaryDir tmp;
        std::filesystem::path p = tmp.filePath("data.key").toStdString();
        const std::string hex(64, 'a');
        writeFile(p, hex + "\n", 0600);
        auto k = AtRestKey::fromFile(p);
        QVERIFY2(k.ok(), k.ok() ? "" : k.error().message.c_str());
        QCOMPARE((*k)->keyId().size(), size_t(16));

        writeFile(p, hex, 0644);
        k = AtRestKey::fromFile(p);
        QVERIFY(!k.ok());
        QVERIFY(k.error().message.find("accessible to other users") != std::string::npos);

        writeFile(p, "abc", 0600);
        k = AtRestKey::fromFile(p);
        QVERIFY(!k.ok());
        QVERIFY(k.error().message.find("64 hex digits or 32 raw bytes") != std::string::npos);

        k = AtRestKey::fromFile(tmp.filePath("missing.key").toStdString());
        QVERIFY(!k.ok());
        QVERIFY(k.error().message.find("cannot open the encryption key file") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestAtRestEncryption)
#include "test_at_rest_encryption.moc"
