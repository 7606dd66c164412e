#include "engine/storage/leader_epoch_cache.h"

#include "engine/common/log.h"
#include "engine/storage/file_io.h"

#include <algorithm>
#include <sstream>

namespace runnel::storage {

bool LeaderEpochCache::load()
{
    std::error_code ec;
    if (!std::filesystem::exists(m_path, ec))
        return false;
    auto data = readWholeFile(m_path);
    if (!data)
        return false;
    std::istringstream in(std::string(data->begin(), data->end()));
    int version = -1;
    size_t count = 0;
    if (!(in >> version >> count) || version != 0) {
        RLOG_WARN("storage") << "ignoring " << m_path.string() << ": unknown format";
        return false;
    }
    std::vector<EpochEntry> entries;
    for (size_t i = 0; i < count; ++i) {
        EpochEntry e{};
        if (!(in >> e.epoch >> e.startOffset)
            || (!entries.empty()
                && (e.epoch <= entries.back().epoch
                    || e.startOffset < entries.back().startOffset))) {
            RLOG_WARN("storage") << "ignoring " << m_path.string() << ": malformed";
            return false;
        }
        entries.push_back(e);
    }
    m_entries = std::move(entries);
    return true;
}

Status LeaderEpochCache::persist() const
{
    std::ostringstream out;
    out << 0 << "\n" << m_entries.size() << "\n";
    for (const EpochEntry &e : m_entries)
        out << e.epoch << " " << e.startOffset << "\n";
    std::string text = out.str();
    return writeFileAtomically(
        m_path, ByteSpan(reinterpret_cast<const uint8_t *>(text.data()), text.size()));
}

bool LeaderEpochCache::assign(int32_t epoch, int64_t startOffset)
{
    if (epoch < 0 || (!m_entries.empty() && epoch <= m_entries.back().epoch))
        return false;
    // A new epoch cannot start before data already attributed to an older one; such
    // entries describe a log that was since truncated.
    while (!m_entries.empty() && m_entries.back().startOffset > startOffset)
        m_entries.pop_back();
    m_entries.push_back({epoch, startOffset});
    if (auto s = persist(); !s)
        RLOG_WARN("storage") << "cannot write " << m_path.string() << ": " << s.error().message;
    return true;
}

void LeaderEpochCache::truncateFromEnd(int64_t endOffset)
{
    size_t before = m_entries.size();
    std::erase_if(m_entries, [&](const EpochEntry &e) { return e.startOffset >= endOffset; });
    if (m_entries.size() != before)
        (void)persist();
}

void LeaderEpochCache::truncateFromStart(int64_t startOffset)
{
    auto firstAfter = std::find_if(m_entries.begin(), m_entries.end(), [&](const EpochEntry &e) {
        return e.startOffset > startOffset;
    });
    if (firstAfter == m_entries.begin())
        return;
    auto spanning = std::prev(firstAfter);
    if (spanning == m_entries.begin() && spanning->startOffset == startOffset)
        return;
    spanning->startOffset = startOffset;
    m_entries.erase(m_entries.begin(), spanning);
    (void)persist();
}

void LeaderEpochCache::clear()
{
    m_entries.clear();
    (void)persist();
}

std::pair<int32_t, int64_t> LeaderEpochCache::endOffsetFor(int32_t requestedEpoch,
                                                           int64_t logEndOffset) const
{
    if (requestedEpoch < 0 || m_entries.empty())
        return {-1, -1};
    if (requestedEpoch == m_entries.back().epoch)
        return {requestedEpoch, logEndOffset};
    auto higher = std::find_if(m_entries.begin(), m_entries.end(), [&](const EpochEntry &e) {
        return e.epoch > requestedEpoch;
    });
    if (higher == m_entries.end())
        return {-1, -1}; // newer than anything we know
    if (higher == m_entries.begin())
        return {requestedEpoch, higher->startOffset};
    return {std::prev(higher)->epoch, higher->startOffset};
}

} // namespace runnel::storage
