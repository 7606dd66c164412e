#include "engine/group/group_records.h"

#include <QtTest>

using namespace runnel;
using namespace runnel::group;

class TestGroupRecords : public QObject
{
    Q_OBJECT
private slots:
    void placeholder() { QVERIFY(true); }
};

QTEST_GUILESS_MAIN(TestGroupRecords)
#include "test_group_records.moc"
