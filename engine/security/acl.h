#pragma once

// Kafka's ACL vocabulary: what an ACL binding is, how a filter selects bindings
// (DescribeAcls, DeleteAcls) and the text form the broker persists them in. Enum values
// are the wire values of CreateAcls/DescribeAcls/DeleteAcls. Plain values and pure
// functions, usable from any thread.
//
// Text form (`runnel-acls` in the first log dir of a single broker; a cluster keeps ACLs in
// its metadata log and imports this file once),
// one binding per line, names percent-encoded:
//
//   runnel-acls v1
//   <resource type> <pattern type> <resource name> <principal> <host> <operation> <permission>
//   TOPIC PREFIXED orders- User:alice * WRITE ALLOW

#include "engine/common/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace runnel::security {

enum class ResourceType : int8_t {
    Unknown = 0,
    Any = 1, // filters only
    Topic = 2,
    Group = 3,
    Cluster = 4,
    TransactionalId = 5,
    DelegationToken = 6,
    User = 7,
};

enum class PatternType : int8_t {
    Unknown = 0,
    Any = 1,   // filters only: any pattern type, exact name
    Match = 2, // filters only: every binding that would apply to the name
    Literal = 3,
    Prefixed = 4,
};

enum class AclOperation : int8_t {
    Unknown = 0,
    Any = 1, // filters only
    All = 2,
    Read = 3,
    Write = 4,
    Create = 5,
    Delete = 6,
    Alter = 7,
    Describe = 8,
    ClusterAction = 9,
    DescribeConfigs = 10,
    AlterConfigs = 11,
    IdempotentWrite = 12,
    CreateTokens = 13,
    DescribeTokens = 14,
};

enum class AclPermission : int8_t { Unknown = 0, Any = 1, Deny = 2, Allow = 3 };

constexpr std::string_view kWildcardResource = "*";
constexpr std::string_view kWildcardPrincipal = "User:*";
constexpr std::string_view kWildcardHost = "*";
constexpr std::string_view kClusterResourceName = "kafka-cluster";

std::string_view resourceTypeName(ResourceType type);
std::string_view patternTypeName(PatternType type);
std::string_view operationName(AclOperation operation);
std::string_view permissionName(AclPermission permission);

struct AclBinding
{
    ResourceType resourceType = ResourceType::Unknown;
    std::string resourceName;
    PatternType patternType = PatternType::Literal;
    std::string principal; // "User:alice", or "User:*"
    std::string host;      // "*" or an exact address
    AclOperation operation = AclOperation::Unknown;
    AclPermission permission = AclPermission::Unknown;

    bool operator==(const AclBinding &) const = default;
    std::string toString() const; // for logs and the console
};

struct AclBindingFilter
{
    ResourceType resourceType = ResourceType::Any;
    std::optional<std::string> resourceName; // nullopt: any
    PatternType patternType = PatternType::Any;
    std::optional<std::string> principal;
    std::optional<std::string> host;
    AclOperation operation = AclOperation::Any;
    AclPermission permission = AclPermission::Any;

    bool matches(const AclBinding &binding) const;
};

// Checks a binding for CreateAcls (INVALID_REQUEST with the reason when unfit).
Status validateBinding(const AclBinding &binding);
// Checks a filter for DescribeAcls/DeleteAcls.
Status validateFilter(const AclBindingFilter &filter);

std::string aclsToText(const std::vector<AclBinding> &bindings);
Result<std::vector<AclBinding>> aclsFromText(std::string_view text);

// Percent-encoding of spaces, controls, '%' and non-ASCII bytes; used by the text forms.
std::string percentEncode(std::string_view text);
std::optional<std::string> percentDecode(std::string_view text);

} // namespace runnel::security
