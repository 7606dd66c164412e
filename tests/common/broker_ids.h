#pragma once

// Test shorthand: ids({1, 2, 3}) for a list of broker ids (metadata and replication tests).

// Hidden from moc, which would otherwise follow it into the standard library and fail.
#ifndef Q_MOC_RUN
#include "engine/common/types.h"

#include <initializer_list>
#include <vector>
#endif

namespace runnel::testing {

inline std::vector<BrokerId> ids(std::initializer_list<int> v)
{
    std::vector<BrokerId> out;
    for (int i : v)
        out.emplace_back(i);
    return out;
}

} // namespace runnel::testing
