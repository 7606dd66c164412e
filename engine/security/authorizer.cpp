#include "engine/security/authorizer.h"

#include <algorithm>

namespace runnel::security {

namespace {

bool resourceMatches(const AclBinding &b, ResourceType type, const std::string &name)
{
    if (b.resourceType != type)
        return false;
    if (b.patternType == PatternType::Literal)
        return b.resourceName == name || b.resourceName == kWildcardResource;
    if (b.patternType == PatternType::Prefixed)
        return name.starts_with(b.resourceName);
    return false;
}

// Operations an ALLOW binding of `granted` permits.
bool allowCovers(AclOperation granted, AclOperation wanted)
{
    if (granted == AclOperation::All || granted == wanted)
        return true;
    if (wanted == AclOperation::Describe)
        return granted == AclOperation::Read || granted == AclOperation::Write
               || granted == AclOperation::Delete || granted == AclOperation::Alter;
    if (wanted == AclOperation::DescribeConfigs)
        return granted == AclOperation::AlterConfigs;
    return false;
}

} // namespace

std::string AuthorizationDecision::explain() const
{
    switch (reason) {
    case Reason::SuperUser:
        return "allowed: super user";
    case Reason::DeniedByAcl:
        return "denied by ACL: " + (rule ? rule->toString() : std::string());
    case Reason::AllowedByAcl:
        return "allowed by ACL: " + (rule ? rule->toString() : std::string());
    case Reason::NoAclFound:
        return allowed ? "allowed: no ACL names the resource and allow.everyone.if.no.acl.found "
                         "is true"
                       : "denied: no ACL names the resource";
    case Reason::NoMatchingAllow:
        return "denied: no ACL allows it";
    }
    return {};
}

Authorizer::Authorizer(std::set<std::string> superUsers, bool allowEveryoneIfNoAclFound)
    : m_superUsers(std::move(superUsers))
    , m_allowEveryoneIfNoAclFound(allowEveryoneIfNoAclFound)
{}

bool Authorizer::isSuperUser(const std::string &principal) const
{
    return m_superUsers.count(principal) > 0;
}

AuthorizationDecision Authorizer::authorize(const AuthorizationRequest &r) const
{
    using Reason = AuthorizationDecision::Reason;
    if (isSuperUser(r.principal))
        return {true, Reason::SuperUser, std::nullopt};
    bool resourceHasAcls = false;
    const AclBinding *allow = nullptr;
    for (const AclBinding &b : m_bindings) {
        if (!resourceMatches(b, r.resourceType, r.resourceName))
            continue;
        resourceHasAcls = true;
        if (b.principal != r.principal && b.principal != kWildcardPrincipal)
            continue;
        if (b.host != r.host && b.host != kWildcardHost)
            continue;
        if (b.permission == AclPermission::Deny
            && (b.operation == r.operation || b.operation == AclOperation::All))
            return {false, Reason::DeniedByAcl, b};
        if (b.permission == AclPermission::Allow && !allow && allowCovers(b.operation, r.operation))
            allow = &b;
    }
    if (allow)
        return {true, Reason::AllowedByAcl, *allow};
    if (!resourceHasAcls)
        return {m_allowEveryoneIfNoAclFound, Reason::NoAclFound, std::nullopt};
    return {false, Reason::NoMatchingAllow, std::nullopt};
}

void Authorizer::add(const AclBinding &binding)
{
    if (std::find(m_bindings.begin(), m_bindings.end(), binding) == m_bindings.end())
        m_bindings.push_back(binding);
}

std::vector<AclBinding> Authorizer::remove(const AclBindingFilter &filter)
{
    std::vector<AclBinding> removed;
    std::erase_if(m_bindings, [&](const AclBinding &b) {
        if (!filter.matches(b))
            return false;
        removed.push_back(b);
        return true;
    });
    return removed;
}

std::vector<AclBinding> Authorizer::find(const AclBindingFilter &filter) const
{
    std::vector<AclBinding> out;
    for (const AclBinding &b : m_bindings)
        if (filter.matches(b))
            out.push_back(b);
    return out;
}

std::set<std::string> parseSuperUsers(std::string_view text)
{
    std::set<std::string> out;
    while (!text.empty()) {
        const size_t semi = text.find(';');
        std::string_view item = text.substr(0, semi);
        while (!item.empty() && item.front() == ' ')
            item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ')
            item.remove_suffix(1);
        if (!item.empty())
            out.emplace(item);
        if (semi == std::string_view::npos)
            break;
        text.remove_prefix(semi + 1);
    }
    return out;
}

} // namespace runnel::security
