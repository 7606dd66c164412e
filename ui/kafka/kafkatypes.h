#pragma once

// Plain values exchanged between the console's Kafka client service (worker threads) and
// the GUI (models, pages). Header-only and Qt Core only, so ui/models can use them
// without linking librdkafka.

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QPair>
#include <QString>

#include <limits>

namespace runnel::ui {

// An expected failure is a value: either the result or a sentence a user can act on.
template<typename T>
struct [[nodiscard]] KafkaResult
{
    T value{};
    QString error; // empty when ok

    bool ok() const { return error.isEmpty(); }
    static KafkaResult failure(QString message)
    {
        KafkaResult r;
        r.error = std::move(message);
        return r;
    }
    static KafkaResult success(T v)
    {
        KafkaResult r;
        r.value = std::move(v);
        return r;
    }
};

struct Done
{};

using PartitionId = int;
using Offset = qint64;

struct KafkaHeader
{
    QByteArray key;
    QByteArray value;
    bool valueNull = false;
    bool operator==(const KafkaHeader &o) const
    {
        return key == o.key && value == o.value && valueNull == o.valueNull;
    }
};

// One record as the browser, search, export and replay see it.
struct KafkaRecord
{
    PartitionId partition = -1;
    Offset offset = -1;
    qint64 timestampMs = -1;
    bool keyNull = true;
    bool valueNull = true;
    QByteArray key;
    QByteArray value;
    QList<KafkaHeader> headers;
    bool valueTruncated = false; // the browser keeps at most a bounded prefix of each value

    // A copy that owns its bytes (a scan sink's record only borrows them).
    KafkaRecord detached() const
    {
        KafkaRecord r = *this;
        r.key = QByteArray(key.constData(), key.size());
        r.value = QByteArray(value.constData(), value.size());
        for (auto &h : r.headers) {
            h.key = QByteArray(h.key.constData(), h.key.size());
            h.value = QByteArray(h.value.constData(), h.value.size());
        }
        return r;
    }

    bool sameContent(const KafkaRecord &o) const
    {
        return partition == o.partition && timestampMs == o.timestampMs && keyNull == o.keyNull
               && valueNull == o.valueNull && key == o.key && value == o.value
               && headers == o.headers;
    }
};

// [start, end) offsets of one partition that a view or a scan covers.
struct PartitionRange
{
    PartitionId partition = 0;
    Offset start = 0;
    Offset end = 0;
    qint64 count() const { return end > start ? end - start : 0; }
};

struct PartitionInfo
{
    PartitionId partition = 0;
    int leader = -1;
    QList<int> replicas;
    QList<int> isr;
    Offset startOffset = -1; // log start (low watermark)
    Offset endOffset = -1;   // high watermark
    QString error;           // a partition-level metadata error, if any
    bool underReplicated() const { return isr.size() < replicas.size(); }
};

struct TopicInfo
{
    QString name;
    bool internal = false;
    QList<PartitionInfo> partitions;
    QString error;
    // Bytes on disk: Kafka's protocol has it only in DescribeLogDirs, which librdkafka
    // 2.0.2's admin API lacks, so it stays unknown (-1) and is shown as a dash.
    qint64 sizeBytes = -1;

    int replicationFactor() const
    {
        return partitions.isEmpty() ? 0 : int(partitions.first().replicas.size());
    }
    bool underReplicated() const
    {
        for (const auto &p : partitions)
            if (p.underReplicated())
                return true;
        return false;
    }
    qint64 messageCount() const
    {
        qint64 n = 0;
        for (const auto &p : partitions)
            if (p.endOffset >= 0 && p.startOffset >= 0)
                n += p.endOffset - p.startOffset;
        return n;
    }
    qint64 endOffsetSum() const
    {
        qint64 n = 0;
        for (const auto &p : partitions)
            n += qMax<qint64>(0, p.endOffset);
        return n;
    }
};

struct ClusterTopics
{
    int brokerCount = 0;
    QList<TopicInfo> topics;
};

struct NewTopic
{
    QString name;
    int partitions = 1;
    int replicationFactor = 1;
    QList<QPair<QString, QString>> configs;
};

struct ConfigEntry
{
    enum class Source { Unknown, TopicOverride, BrokerDynamic, BrokerStatic, Default };
    QString name;
    QString value;
    bool isDefault = true;
    bool readOnly = false;
    bool sensitive = false;
    Source source = Source::Unknown;
    bool overridden() const { return source == Source::TopicOverride; }
};

enum class GroupState { Unknown, PreparingRebalance, CompletingRebalance, Stable, Dead, Empty };

inline QString groupStateName(GroupState s)
{
    switch (s) {
    case GroupState::PreparingRebalance:
        return QStringLiteral("PreparingRebalance");
    case GroupState::CompletingRebalance:
        return QStringLiteral("CompletingRebalance");
    case GroupState::Stable:
        return QStringLiteral("Stable");
    case GroupState::Dead:
        return QStringLiteral("Dead");
    case GroupState::Empty:
        return QStringLiteral("Empty");
    case GroupState::Unknown:
        break;
    }
    return QStringLiteral("Unknown");
}

struct TopicPartitionKey
{
    QString topic;
    PartitionId partition = 0;
    bool operator==(const TopicPartitionKey &o) const
    {
        return topic == o.topic && partition == o.partition;
    }
    bool operator<(const TopicPartitionKey &o) const
    {
        return topic != o.topic ? topic < o.topic : partition < o.partition;
    }
};

struct GroupOffset
{
    QString topic;
    PartitionId partition = 0;
    Offset committed = -1; // -1: nothing committed
    Offset endOffset = -1;
    qint64 lag() const
    {
        if (endOffset < 0)
            return -1;
        return committed < 0 ? -1 : qMax<qint64>(0, endOffset - committed);
    }
};

struct GroupMember
{
    QString memberId;
    QString clientId;
    QString host;
    QList<TopicPartitionKey> assignment;
};

struct GroupSummary
{
    QString groupId;
    GroupState state = GroupState::Unknown;
    bool simple = false;
    int memberCount = 0;
    qint64 totalLag = -1; // -1: unknown (no committed offsets)
    QString error;
};

struct GroupDetail
{
    QString groupId;
    GroupState state = GroupState::Unknown;
    QString assignor;
    int coordinator = -1;
    QList<GroupMember> members;
    QList<GroupOffset> offsets;
    qint64 totalLag() const
    {
        qint64 n = -1;
        for (const auto &o : offsets)
            if (o.lag() >= 0)
                n = qMax<qint64>(0, n) + o.lag();
        return n;
    }
};

struct OffsetReset
{
    enum class Mode { Earliest, Latest, Timestamp, Exact, Shift };
    QString groupId;
    QString topic; // empty: every topic the group has committed offsets for
    Mode mode = Mode::Earliest;
    qint64 value = 0; // timestamp in ms, exact offset, or shift (may be negative)
};

struct OffsetResetRow
{
    QString topic;
    PartitionId partition = 0;
    Offset current = -1; // committed now (-1: none)
    Offset target = -1;  // what the reset commits
    Offset startOffset = -1;
    Offset endOffset = -1;
};

// What a full-topic scan covers: one partition or all, from a position, up to the end
// offsets seen when it starts (so a busy topic still finishes).
struct ScanRange
{
    enum class From { Beginning, Offset, Timestamp };
    QString topic;
    PartitionId partition = -1; // -1: all partitions
    From from = From::Beginning;
    qint64 fromValue = 0;      // offset, or timestamp in ms
    qint64 toOffset = -1;      // exclusive; -1: the end offset when the scan starts
    qint64 toTimestampMs = -1; // records later than this are skipped; -1: no bound
};

struct ScanProgress
{
    qint64 scanned = 0;
    qint64 total = 0;
    qint64 matched = 0;
    bool cancelled = false;
};

} // namespace runnel::ui

Q_DECLARE_METATYPE(runnel::ui::KafkaRecord)
