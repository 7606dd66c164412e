#pragma once

// The what-if check: "can principal P do operation O on resource R from host H?",
// answered over a cluster's listed ACLs with Kafka's authorizer semantics. It does not
// re-implement them: the entries become engine/security AclBindings and
// runnel::security::Authorizer decides (the same code the broker runs for every request;
// engine/security is plain C++ with no I/O, which ARCHITECTURE.md lets an upper layer
// link). Super users, DENY beats ALLOW, LITERAL / PREFIXED / the `*` wildcard, implied
// DESCRIBE and DESCRIBE_CONFIGS, ALL and allow.everyone.if.no.acl.found all come from
// there. Pure functions, any thread.

#include "ui/models/aclmodel.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace runnel::ui {

struct WhatIfQuery
{
    QString principal; // "User:alice"
    QString host = QStringLiteral("*");
    QString operation;    // "WRITE"
    QString resourceType; // "TOPIC"
    QString resourceName; // "orders-eu"; "kafka-cluster" for CLUSTER
};

struct WhatIfAnswer
{
    enum class Reason { SuperUser, DeniedByAcl, AllowedByAcl, NoAclFound, NoMatchingAllow };
    bool allowed = false;
    Reason reason = Reason::NoMatchingAllow;
    // Indexes into the entries given: the ACL that decided (Denied/AllowedByAcl), or every
    // ACL naming the resource when none allows it (NoMatchingAllow).
    QList<int> decidingRows;
    QString explanation; // a translated sentence for the user
};

// The wire names Kafka uses, for the page's choices.
QStringList aclResourceTypes(); // TOPIC, GROUP, CLUSTER, TRANSACTIONAL_ID, DELEGATION_TOKEN, USER
QStringList aclPatternTypes();  // LITERAL, PREFIXED
QStringList aclOperations();    // ALL, READ, WRITE, ... DESCRIBE_TOKENS
QStringList aclPermissions();   // ALLOW, DENY

// Why an ACL cannot be created (a sentence), or nullopt when it is valid. Uses the
// broker's own validation and adds the console's checks (known names, CLUSTER named
// "kafka-cluster", a principal of the form Type:name).
std::optional<QString> aclProblem(const AclEntry &entry);
// Why a query cannot be asked, or nullopt.
std::optional<QString> whatIfProblem(const WhatIfQuery &query);

// The decision. superUsers as principals ("User:admin"); hosts are compared exactly (or
// "*" in an ACL), so ask with the client's address or "*" for an ACL that names any host.
WhatIfAnswer whatIf(const QList<AclEntry> &acls,
                    const QStringList &superUsers,
                    bool allowEveryoneIfNoAclFound,
                    const WhatIfQuery &query);

} // namespace runnel::ui
