// Controller::alterSecurity: the records the active controller commits for
// AlterUserScramCredentials, CreateAcls and DeleteAcls, and the one-time import of a
// broker's security files.

#include "engine/metadata/controller.h"

#include <QtTest>

using namespace runnel;
using namespace runnel::metadata;

namespace {

const AclEntry kAllow{2, "orders-", 4, "User:alice", "*", 4, 3};
const AclEntry kDeny{2, "orders-eu", 3, "User:alice", "*", 4, 2};

UserScramCredentialRecord credential(const std::string &user, uint8_t seed)
{
    return UserScramCredentialRecord{
        user, 2, Bytes(16, seed), Bytes(64, seed), Bytes(64, seed), 4096};
}

Controller makeController(const MetadataImage &image = {})
{
    return Controller(ControllerConfig{}, image, 0, 1);
}

} // namespace

class TestControllerSecurity : public QObject
{
    Q_OBJECT
private slots:
    void changesBecomeRecordsAndTheImageFollows()
    {
        Controller c = makeController();
        auto r = c.alterSecurity({credential("alice", 1), AccessControlEntryRecord{kAllow}}, false);
        QVERIFY(r.response.ok());
        QCOMPARE(r.records.size(), size_t(2));
        QVERIFY(c.image().scramCredential("alice", 2));
        QVERIFY(c.image().hasAcl(kAllow));

        // A broker replaying the committed batch builds the same state.
        MetadataImage follower;
        QVERIFY(follower
                    .applyEntry(LogEntry{
                        Offset(0), QuorumEpoch(1), EntryKind::Data, encodeBatch(r.records)})
                    .ok());
        QCOMPARE(*follower.scramCredential("alice", 2), *c.image().scramCredential("alice", 2));
        QCOMPARE(follower.acls(), c.image().acls());
    }

    void noOpChangesAreDropped()
    {
        Controller c = makeController();
        QVERIFY(c.alterSecurity({AccessControlEntryRecord{kAllow}}, false).response.ok());
        // An existing ACL, the same ACL twice, removals of what is gone: nothing to write
        // but the one new ACL.
        auto r = c.alterSecurity({AccessControlEntryRecord{kAllow},
                                  AccessControlEntryRecord{kDeny},
                                  AccessControlEntryRecord{kDeny},
                                  RemoveUserScramCredentialRecord{"nobody", 1},
                                  RemoveAccessControlEntryRecord{AclEntry{}}},
                                 false);
        QVERIFY(r.response.ok());
        QCOMPARE(r.records.size(), size_t(1));
        QVERIFY(r.records[0] == MetadataRecord(AccessControlEntryRecord{kDeny}));
        // DeleteAcls resolved by two filters to the same binding removes it once.
        r = c.alterSecurity(
            {RemoveAccessControlEntryRecord{kDeny}, RemoveAccessControlEntryRecord{kDeny}}, false);
        QCOMPARE(r.records.size(), size_t(1));
        QCOMPARE(c.image().acls(), (std::vector<AclEntry>{kAllow}));
    }

    void otherRecordsAndIncompleteCredentialsAreRefused()
    {
        Controller c = makeController();
        auto r = c.alterSecurity({AccessControlEntryRecord{kAllow}, FenceBrokerRecord{BrokerId(1)}},
                                 false);
        QVERIFY(!r.response.ok());
        QCOMPARE(r.response.error().code, ErrorCode::InvalidRequest);
        QVERIFY(r.records.empty());
        QVERIFY(!c.image().hasAcl(kAllow)); // nothing of a refused request is applied

        UserScramCredentialRecord noKey = credential("bob", 1);
        noKey.storedKey.clear();
        r = c.alterSecurity({noKey}, false);
        QCOMPARE(r.response.error().code, ErrorCode::UnacceptableCredential);
        QVERIFY(r.records.empty());
    }

    void importHappensOnlyIntoALogThatNeverHeldSecurity()
    {
        Controller c = makeController();
        auto first
            = c.alterSecurity({credential("admin", 1), AccessControlEntryRecord{kAllow}}, true);
        QVERIFY(first.response.ok());
        QCOMPARE(first.records.size(), size_t(2));
        // A second broker's files come too late: ignored, not an error.
        auto second = c.alterSecurity({credential("mallory", 2)}, true);
        QVERIFY(second.response.ok());
        QVERIFY(second.records.empty());
        QVERIFY(!c.image().scramCredential("mallory", 2));

        // Even after every credential and ACL was deleted again.
        QVERIFY(c.alterSecurity({RemoveUserScramCredentialRecord{"admin", 2},
                                 RemoveAccessControlEntryRecord{kAllow}},
                                false)
                    .response.ok());
        QVERIFY(c.alterSecurity({credential("mallory", 2)}, true).records.empty());

        // A new controller built from the committed image knows it as well.
        Controller next = makeController(c.image());
        QVERIFY(next.alterSecurity({credential("mallory", 2)}, true).records.empty());
    }
};

QTEST_GUILESS_MAIN(TestControllerSecurity)
#include "test_controller_security.moc"
