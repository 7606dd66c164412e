#include "ui/security/whatif.h"

#include "engine/security/authorizer.h"

#include <QCoreApplication>

namespace runnel::ui {

namespace sec = runnel::security;

namespace {

QString norm(const QString &s)
{
    return s.trimmed().toUpper().replace(QLatin1Char('-'), QLatin1Char('_'));
}

template<typename Enum, typename NameFn>
std::optional<Enum> parse(const QString &text, int first, int last, NameFn name)
{
    const QString wanted = norm(text);
    for (int v = first; v <= last; ++v)
        if (QString::fromUtf8(name(static_cast<Enum>(v)).data(),
                              qsizetype(name(static_cast<Enum>(v)).size()))
            == wanted)
            return static_cast<Enum>(v);
    return std::nullopt;
}

std::optional<sec::ResourceType> resourceType(const QString &t)
{
    return parse<sec::ResourceType>(t, 2, 7, sec::resourceTypeName);
}
std::optional<sec::PatternType> patternType(const QString &t)
{
    return parse<sec::PatternType>(t, 3, 4, sec::patternTypeName);
}
std::optional<sec::AclOperation> operation(const QString &t)
{
    return parse<sec::AclOperation>(t, 2, 14, sec::operationName);
}
std::optional<sec::AclPermission> permission(const QString &t)
{
    return parse<sec::AclPermission>(t, 2, 3, sec::permissionName);
}

template<typename Enum, typename NameFn>
QStringList names(int first, int last, NameFn name)
{
    QStringList out;
    for (int v = first; v <= last; ++v) {
        const auto n = name(static_cast<Enum>(v));
        out << QString::fromUtf8(n.data(), qsizetype(n.size()));
    }
    return out;
}

std::optional<sec::AclBinding> toBinding(const AclEntry &e)
{
    const auto type = resourceType(e.resourceType);
    const auto pattern = patternType(e.patternType);
    const auto op = operation(e.operation);
    const auto perm = permission(e.permission);
    if (!type || !pattern || !op || !perm)
        return std::nullopt;
    sec::AclBinding b;
    b.resourceType = *type;
    b.resourceName = e.resourceName.toStdString();
    b.patternType = *pattern;
    b.principal = e.principal.toStdString();
    b.host = e.host.toStdString();
    b.operation = *op;
    b.permission = *perm;
    return b;
}

bool validPrincipal(const QString &p)
{
    const qsizetype colon = p.indexOf(QLatin1Char(':'));
    return colon > 0 && colon + 1 < p.size() && !p.contains(QLatin1Char(' '));
}

} // namespace

QStringList aclResourceTypes()
{
    return names<sec::ResourceType>(2, 7, sec::resourceTypeName);
}
QStringList aclPatternTypes()
{
    return names<sec::PatternType>(3, 4, sec::patternTypeName);
}
QStringList aclOperations()
{
    return names<sec::AclOperation>(2, 14, sec::operationName);
}
QStringList aclPermissions()
{
    return {QStringLiteral("ALLOW"), QStringLiteral("DENY")};
}

std::optional<QString> aclProblem(const AclEntry &e)
{
    if (!resourceType(e.resourceType))
        return QCoreApplication::translate("runnel::ui::WhatIf", "Choose a resource type: %1.")
            .arg(aclResourceTypes().join(QStringLiteral(", ")));
    if (!patternType(e.patternType))
        return QCoreApplication::translate("runnel::ui::WhatIf",
                                           "The pattern type is LITERAL or PREFIXED.");
    if (!operation(e.operation))
        return QCoreApplication::translate("runnel::ui::WhatIf", "Choose an operation: %1.")
            .arg(aclOperations().join(QStringLiteral(", ")));
    if (!permission(e.permission))
        return QCoreApplication::translate("runnel::ui::WhatIf",
                                           "The permission is ALLOW or DENY.");
    if (e.resourceName.trimmed().isEmpty())
        return QCoreApplication::translate(
            "runnel::ui::WhatIf", "Name the resource (\"*\" for every resource of the type).");
    if (e.resourceName != e.resourceName.trimmed())
        return QCoreApplication::translate("runnel::ui::WhatIf",
                                           "The resource name has spaces at its start or end.");
    if (norm(e.resourceType) == QLatin1String("CLUSTER")
        && e.resourceName != QLatin1String("kafka-cluster"))
        return QCoreApplication::translate("runnel::ui::WhatIf",
                                           "The CLUSTER resource is named kafka-cluster.");
    if (norm(e.patternType) == QLatin1String("PREFIXED") && e.resourceName == QLatin1String("*"))
        return QCoreApplication::translate(
            "runnel::ui::WhatIf",
            "A PREFIXED pattern of \"*\" is not a wildcard; use LITERAL \"*\" for every "
            "resource.");
    if (!validPrincipal(e.principal))
        return QCoreApplication::translate(
                   "runnel::ui::WhatIf",
                   "The principal is Type:name, for example User:alice or User:* for everyone; "
                   "\"%1\" is not.")
            .arg(e.principal);
    if (e.host.trimmed().isEmpty() || e.host.contains(QLatin1Char(' ')))
        return QCoreApplication::translate("runnel::ui::WhatIf",
                                           "The host is \"*\" for any host or one IP address.");
    const auto binding = toBinding(e);
    if (auto status = sec::validateBinding(*binding); !status)
        return QCoreApplication::translate("runnel::ui::WhatIf", "The ACL is not valid: %1")
            .arg(QString::fromStdString(status.error().message));
    return std::nullopt;
}

std::optional<QString> whatIfProblem(const WhatIfQuery &q)
{
    if (!validPrincipal(q.principal))
        return QCoreApplication::translate(
            "runnel::ui::WhatIf",
            "Ask about a principal of the form Type:name, for example User:alice.");
    if (!resourceType(q.resourceType))
        return QCoreApplication::translate("runnel::ui::WhatIf", "Choose a resource type: %1.")
            .arg(aclResourceTypes().join(QStringLiteral(", ")));
    if (!operation(q.operation))
        return QCoreApplication::translate("runnel::ui::WhatIf", "Choose an operation: %1.")
            .arg(aclOperations().join(QStringLiteral(", ")));
    if (q.resourceName.trimmed().isEmpty())
        return QCoreApplication::translate("runnel::ui::WhatIf", "Name the resource to ask about.");
    if (q.host.trimmed().isEmpty())
        return QCoreApplication::translate(
            "runnel::ui::WhatIf", "Give the client's host (\"*\" when it does not matter).");
    return std::nullopt;
}

WhatIfAnswer whatIf(const QList<AclEntry> &acls,
                    const QStringList &superUsers,
                    bool allowEveryoneIfNoAclFound,
                    const WhatIfQuery &query)
{
    WhatIfAnswer answer;
    if (auto problem = whatIfProblem(query)) {
        answer.explanation = *problem;
        return answer;
    }
    std::set<std::string> supers;
    for (const QString &s : superUsers)
        supers.insert(s.trimmed().toStdString());
    sec::Authorizer authorizer(std::move(supers), allowEveryoneIfNoAclFound);
    QList<std::optional<sec::AclBinding>> bindings;
    for (const AclEntry &e : acls) {
        bindings.append(toBinding(e));
        if (bindings.last())
            authorizer.add(*bindings.last());
    }
    sec::AuthorizationRequest request;
    request.principal = query.principal.trimmed().toStdString();
    request.host = query.host.trimmed().toStdString();
    request.operation = *operation(query.operation);
    request.resourceType = *resourceType(query.resourceType);
    request.resourceName = query.resourceName.toStdString();
    const sec::AuthorizationDecision d = authorizer.authorize(request);
    answer.allowed = d.allowed;
    const QString ask = QCoreApplication::translate("runnel::ui::WhatIf", "%1 %2 %3 \"%4\" from %5")
                            .arg(query.principal.trimmed(),
                                 norm(query.operation),
                                 norm(query.resourceType),
                                 query.resourceName,
                                 query.host.trimmed());
    using R = sec::AuthorizationDecision::Reason;
    switch (d.reason) {
    case R::SuperUser:
        answer.reason = WhatIfAnswer::Reason::SuperUser;
        answer.explanation
            = QCoreApplication::translate(
                  "runnel::ui::WhatIf", "ALLOWED: %1 is a super user, so every request is allowed.")
                  .arg(query.principal.trimmed());
        break;
    case R::DeniedByAcl:
    case R::AllowedByAcl:
        answer.reason = d.reason == R::DeniedByAcl ? WhatIfAnswer::Reason::DeniedByAcl
                                                   : WhatIfAnswer::Reason::AllowedByAcl;
        for (qsizetype i = 0; i < bindings.size(); ++i)
            if (bindings[i] && d.rule && *bindings[i] == *d.rule) {
                answer.decidingRows.append(int(i));
                break;
            }
        answer.explanation
            = d.allowed
                  ? QCoreApplication::translate(
                        "runnel::ui::WhatIf", "ALLOWED: %1 — the highlighted ALLOW ACL grants it.")
                        .arg(ask)
                  : QCoreApplication::translate(
                        "runnel::ui::WhatIf",
                        "DENIED: %1 — the highlighted DENY ACL matches, and DENY beats ALLOW.")
                        .arg(ask);
        break;
    case R::NoAclFound:
        answer.reason = WhatIfAnswer::Reason::NoAclFound;
        answer.explanation
            = d.allowed ? QCoreApplication::translate("runnel::ui::WhatIf",
                                                      "ALLOWED: %1 — no ACL names the resource and "
                                                      "allow.everyone.if.no.acl.found is true.")
                              .arg(ask)
                        : QCoreApplication::translate("runnel::ui::WhatIf",
                                                      "DENIED: %1 — no ACL names the resource and "
                                                      "allow.everyone.if.no.acl.found is false.")
                              .arg(ask);
        break;
    case R::NoMatchingAllow: {
        answer.reason = WhatIfAnswer::Reason::NoMatchingAllow;
        sec::AclBindingFilter naming;
        naming.resourceType = request.resourceType;
        naming.resourceName = request.resourceName;
        naming.patternType = sec::PatternType::Match;
        for (qsizetype i = 0; i < bindings.size(); ++i)
            if (bindings[i] && naming.matches(*bindings[i]))
                answer.decidingRows.append(int(i));
        answer.explanation
            = QCoreApplication::translate(
                  "runnel::ui::WhatIf",
                  "DENIED: %1 — the highlighted ACLs name the resource, and none of them allows "
                  "this principal, host and operation.")
                  .arg(ask);
        break;
    }
    }
    return answer;
}

} // namespace runnel::ui
