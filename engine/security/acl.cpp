#include "engine/security/acl.h"

#include <array>
#include <charconv>
#include <sstream>

namespace runnel::security {

namespace {

constexpr std::string_view kHeader = "runnel-acls v1";

template<typename E, size_t N>
std::optional<E> byName(const std::array<std::string_view, N> &names, std::string_view name)
{
    for (size_t i = 0; i < N; ++i)
        if (names[i] == name)
            return static_cast<E>(i);
    return std::nullopt;
}

constexpr std::array<std::string_view, 8> kResourceTypes = {
    "UNKNOWN", "ANY", "TOPIC", "GROUP", "CLUSTER", "TRANSACTIONAL_ID", "DELEGATION_TOKEN", "USER"};
constexpr std::array<std::string_view, 5> kPatternTypes
    = {"UNKNOWN", "ANY", "MATCH", "LITERAL", "PREFIXED"};
constexpr std::array<std::string_view, 15> kOperations = {"UNKNOWN",
                                                          "ANY",
                                                          "ALL",
                                                          "READ",
                                                          "WRITE",
                                                          "CREATE",
                                                          "DELETE",
                                                          "ALTER",
                                                          "DESCRIBE",
                                                          "CLUSTER_ACTION",
                                                          "DESCRIBE_CONFIGS",
                                                          "ALTER_CONFIGS",
                                                          "IDEMPOTENT_WRITE",
                                                          "CREATE_TOKENS",
                                                          "DESCRIBE_TOKENS"};
constexpr std::array<std::string_view, 4> kPermissions = {"UNKNOWN", "ANY", "DENY", "ALLOW"};

template<size_t N>
std::string_view nameOf(const std::array<std::string_view, N> &names, int8_t value)
{
    return value >= 0 && static_cast<size_t>(value) < N ? names[static_cast<size_t>(value)]
                                                        : "UNKNOWN";
}

Status invalid(std::string message)
{
    return makeError(ErrorCode::InvalidRequest, std::move(message));
}

bool validPrincipal(std::string_view principal)
{
    const size_t colon = principal.find(':');
    return colon != std::string_view::npos && colon > 0 && colon + 1 < principal.size();
}

} // namespace

std::string_view resourceTypeName(ResourceType type)
{
    return nameOf(kResourceTypes, static_cast<int8_t>(type));
}
std::string_view patternTypeName(PatternType type)
{
    return nameOf(kPatternTypes, static_cast<int8_t>(type));
}
std::string_view operationName(AclOperation operation)
{
    return nameOf(kOperations, static_cast<int8_t>(operation));
}
std::string_view permissionName(AclPermission permission)
{
    return nameOf(kPermissions, static_cast<int8_t>(permission));
}

std::string AclBinding::toString() const
{
    return std::string(permissionName(permission)) + " " + principal + " from " + host + " to "
           + std::string(operationName(operation)) + " "
           + std::string(resourceTypeName(resourceType)) + " "
           + std::string(patternTypeName(patternType)) + " '" + resourceName + "'";
}

bool AclBindingFilter::matches(const AclBinding &b) const
{
    if (resourceType != ResourceType::Any && resourceType != b.resourceType)
        return false;
    switch (patternType) {
    case PatternType::Any:
        if (resourceName && *resourceName != b.resourceName)
            return false;
        break;
    case PatternType::Match:
        if (resourceName) {
            const bool literal
                = b.patternType == PatternType::Literal
                  && (b.resourceName == *resourceName || b.resourceName == kWildcardResource);
            const bool prefixed = b.patternType == PatternType::Prefixed
                                  && resourceName->starts_with(b.resourceName);
            if (!literal && !prefixed)
                return false;
        }
        break;
    default:
        if (patternType != b.patternType || (resourceName && *resourceName != b.resourceName))
            return false;
    }
    if (principal && *principal != b.principal)
        return false;
    if (host && *host != b.host)
        return false;
    if (operation != AclOperation::Any && operation != b.operation)
        return false;
    if (permission != AclPermission::Any && permission != b.permission)
        return false;
    return true;
}

Status validateBinding(const AclBinding &b)
{
    if (b.resourceType < ResourceType::Topic || b.resourceType > ResourceType::User)
        return invalid("invalid resource type for an ACL");
    if (b.patternType != PatternType::Literal && b.patternType != PatternType::Prefixed)
        return invalid("an ACL's pattern type must be LITERAL or PREFIXED");
    if (b.resourceName.empty())
        return invalid("an ACL needs a resource name");
    if (b.resourceType == ResourceType::Cluster && b.resourceName != kClusterResourceName)
        return invalid("the cluster resource is named 'kafka-cluster'");
    if (b.operation < AclOperation::All || b.operation > AclOperation::DescribeTokens)
        return invalid("invalid operation for an ACL");
    if (b.permission != AclPermission::Allow && b.permission != AclPermission::Deny)
        return invalid("an ACL's permission must be ALLOW or DENY");
    if (!validPrincipal(b.principal))
        return invalid("principal '" + b.principal + "' must look like User:name");
    if (b.host.empty())
        return invalid("an ACL needs a host ('*' for any)");
    return Status::success();
}

Status validateFilter(const AclBindingFilter &f)
{
    if (f.resourceType == ResourceType::Unknown || f.patternType == PatternType::Unknown
        || f.operation == AclOperation::Unknown || f.permission == AclPermission::Unknown)
        return invalid("ACL filter has an UNKNOWN field");
    if (static_cast<int8_t>(f.resourceType) > static_cast<int8_t>(ResourceType::User)
        || static_cast<int8_t>(f.patternType) > static_cast<int8_t>(PatternType::Prefixed)
        || static_cast<int8_t>(f.operation) > static_cast<int8_t>(AclOperation::DescribeTokens)
        || static_cast<int8_t>(f.permission) > static_cast<int8_t>(AclPermission::Allow))
        return invalid("ACL filter has an out-of-range field");
    return Status::success();
}

std::string percentEncode(std::string_view s)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (c <= ' ' || c == '%' || c >= 0x7f) {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

std::optional<std::string> percentDecode(std::string_view s)
{
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        if (i + 2 >= s.size())
            return std::nullopt;
        int v = 0;
        auto [p, ec] = std::from_chars(s.data() + i + 1, s.data() + i + 3, v, 16);
        if (ec != std::errc() || p != s.data() + i + 3)
            return std::nullopt;
        out += static_cast<char>(v);
        i += 2;
    }
    return out;
}

std::string aclsToText(const std::vector<AclBinding> &bindings)
{
    std::string out(kHeader);
    out += '\n';
    for (const AclBinding &b : bindings) {
        out += std::string(resourceTypeName(b.resourceType)) + ' '
               + std::string(patternTypeName(b.patternType)) + ' ' + percentEncode(b.resourceName)
               + ' ' + percentEncode(b.principal) + ' ' + percentEncode(b.host) + ' '
               + std::string(operationName(b.operation)) + ' '
               + std::string(permissionName(b.permission)) + '\n';
    }
    return out;
}

Result<std::vector<AclBinding>> aclsFromText(std::string_view text)
{
    std::vector<AclBinding> out;
    std::istringstream in{std::string(text)};
    std::string line;
    int lineNo = 0;
    auto bad = [&](const std::string &why) {
        return makeError(ErrorCode::InvalidConfig,
                         "ACL line " + std::to_string(lineNo) + ": " + why);
    };
    while (std::getline(in, line)) {
        ++lineNo;
        if (lineNo == 1) {
            if (line != kHeader)
                return bad("unknown format (expected '" + std::string(kHeader) + "')");
            continue;
        }
        if (line.empty())
            continue;
        std::istringstream fields(line);
        std::string type, pattern, name, principal, host, operation, permission;
        if (!(fields >> type >> pattern >> name >> principal >> host >> operation >> permission))
            return bad("expected seven fields");
        auto t = byName<ResourceType>(kResourceTypes, type);
        auto p = byName<PatternType>(kPatternTypes, pattern);
        auto o = byName<AclOperation>(kOperations, operation);
        auto m = byName<AclPermission>(kPermissions, permission);
        auto n = percentDecode(name);
        auto pr = percentDecode(principal);
        auto h = percentDecode(host);
        if (!t || !p || !o || !m || !n || !pr || !h)
            return bad("malformed field");
        AclBinding b{*t, *n, *p, *pr, *h, *o, *m};
        if (Status s = validateBinding(b); !s.ok())
            return bad(s.error().message);
        out.push_back(std::move(b));
    }
    return out;
}

} // namespace runnel::security
