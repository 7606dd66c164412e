#include "engine/common/log.h"

int main()
{
    RLOG_ERROR("runneld") << "not implemented yet";
    return 1;
}
