#pragma once

// Authorizer: Kafka's authorization rules (StandardAuthorizer semantics) over a set of
// ACL bindings, without I/O.
//
//   1. a super user (`super.users`) may do anything;
//   2. a DENY binding that matches principal (or User:*), host (or *), operation (or ALL)
//      and resource (LITERAL name, LITERAL *, or PREFIXED prefix) denies: DENY beats ALLOW;
//   3. a matching ALLOW binding allows; ALLOW of READ, WRITE, DELETE or ALTER implies
//      DESCRIBE, ALLOW of ALTER_CONFIGS implies DESCRIBE_CONFIGS;
//   4. if no binding at all names the resource, `allow.everyone.if.no.acl.found` decides;
//      otherwise the request is denied.
//
// Owned by the broker (which persists the bindings and calls it on its event-loop
// thread for every checked request); authorize() is also the console's "what-if"
// query, which is why a decision carries the binding that decided it.

#include "engine/security/acl.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace runnel::security {

struct AuthorizationRequest
{
    std::string principal; // "User:alice"; "User:ANONYMOUS" on PLAINTEXT listeners
    std::string host;      // the client's address
    AclOperation operation = AclOperation::Unknown;
    ResourceType resourceType = ResourceType::Unknown;
    std::string resourceName;
};

struct AuthorizationDecision
{
    enum class Reason {
        SuperUser,      // allowed: the principal is in super.users
        DeniedByAcl,    // denied by `rule`
        AllowedByAcl,   // allowed by `rule`
        NoAclFound,     // no binding names the resource: allow.everyone.if.no.acl.found
        NoMatchingAllow // bindings exist for the resource, none allows this
    };
    bool allowed = false;
    Reason reason = Reason::NoMatchingAllow;
    std::optional<AclBinding> rule;

    std::string explain() const;
};

class Authorizer
{
public:
    Authorizer(std::set<std::string> superUsers, bool allowEveryoneIfNoAclFound);

    AuthorizationDecision authorize(const AuthorizationRequest &request) const;
    bool isSuperUser(const std::string &principal) const;

    // Adds a binding (validated by the caller); an identical binding is kept once.
    void add(const AclBinding &binding);
    // Removes and returns every binding the filter matches.
    std::vector<AclBinding> remove(const AclBindingFilter &filter);
    std::vector<AclBinding> find(const AclBindingFilter &filter) const;
    const std::vector<AclBinding> &bindings() const { return m_bindings; }
    void replaceAll(std::vector<AclBinding> bindings) { m_bindings = std::move(bindings); }

private:
    std::set<std::string> m_superUsers;
    bool m_allowEveryoneIfNoAclFound;
    std::vector<AclBinding> m_bindings;
};

// `super.users` as Kafka spells it: "User:admin;User:bob".
std::set<std::string> parseSuperUsers(std::string_view text);

} // namespace runnel::security
