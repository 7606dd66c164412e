#pragma once

// Strong types for the words Kafka users know: offsets, partitions, brokers, epochs.
// A NamedType wraps one integer so that an offset cannot be passed where a partition id
// is expected. Arithmetic is only offered where it means something (offsets).

#include <compare>
#include <cstdint>
#include <functional>
#include <ostream>

namespace runnel {

template<typename T, typename Tag>
class NamedType
{
public:
    using ValueType = T;
    constexpr NamedType() = default;
    constexpr explicit NamedType(T value)
        : m_value(value)
    {}
    constexpr T value() const { return m_value; }
    constexpr auto operator<=>(const NamedType &) const = default;
    friend std::ostream &operator<<(std::ostream &os, const NamedType &v)
    {
        return os << v.m_value;
    }

private:
    T m_value{};
};

// A position in a partition's log. Offsets count records, so they add and subtract.
class Offset : public NamedType<int64_t, struct OffsetTag>
{
public:
    using NamedType::NamedType;
    constexpr Offset operator+(int64_t n) const { return Offset(value() + n); }
    constexpr Offset operator-(int64_t n) const { return Offset(value() - n); }
    constexpr int64_t operator-(Offset o) const { return value() - o.value(); }
    constexpr Offset &operator+=(int64_t n) { return *this = *this + n; }
};

using PartitionId = NamedType<int32_t, struct PartitionIdTag>;
using BrokerId = NamedType<int32_t, struct BrokerIdTag>;
using LeaderEpoch = NamedType<int32_t, struct LeaderEpochTag>;
using ProducerId = NamedType<int64_t, struct ProducerIdTag>;
using ProducerEpoch = NamedType<int16_t, struct ProducerEpochTag>;

// Milliseconds since the Unix epoch, as Kafka timestamps are.
using TimestampMs = int64_t;

} // namespace runnel

template<typename T, typename Tag>
struct std::hash<runnel::NamedType<T, Tag>>
{
    size_t operator()(const runnel::NamedType<T, Tag> &v) const noexcept
    {
        return std::hash<T>{}(v.value());
    }
};

template<>
struct std::hash<runnel::Offset>
{
    size_t operator()(const runnel::Offset &v) const noexcept
    {
        return std::hash<int64_t>{}(v.value());
    }
};
