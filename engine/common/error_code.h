#pragma once

// Kafka's wire error codes. One enum for the whole engine; the values are the protocol's.

#include <cstdint>
#include <string_view>

namespace runnel {

enum class ErrorCode : int16_t {
    UnknownServerError = -1,           // unexpected failure on the broker
    None = 0,                          // success
    OffsetOutOfRange = 1,              // fetch offset outside [log start, log end]
    CorruptMessage = 2,                // CRC or structure check failed
    UnknownTopicOrPartition = 3,       // no such topic or partition here
    InvalidFetchSize = 4,              //
    LeaderNotAvailable = 5,            // partition has no leader right now
    NotLeaderOrFollower = 6,           // this broker does not lead the partition
    RequestTimedOut = 7,               //
    BrokerNotAvailable = 8,            //
    ReplicaNotAvailable = 9,           //
    MessageTooLarge = 10,              // batch larger than max.message.bytes
    StaleControllerEpoch = 11,         //
    OffsetMetadataTooLarge = 12,       // commit metadata over the limit
    NetworkException = 13,             //
    CoordinatorLoadInProgress = 14,    // group coordinator still loading offsets
    CoordinatorNotAvailable = 15,      //
    NotCoordinator = 16,               // this broker is not the group's coordinator
    InvalidTopicException = 17,        // illegal topic name
    RecordListTooLarge = 18,           //
    NotEnoughReplicas = 19,            // ISR smaller than min.insync.replicas
    NotEnoughReplicasAfterAppend = 20, //
    InvalidRequiredAcks = 21,          // acks not in {-1, 0, 1}
    IllegalGeneration = 22,            // stale group generation
    InconsistentGroupProtocol = 23,    // member protocols do not match the group's
    InvalidGroupId = 24,               //
    UnknownMemberId = 25,              //
    InvalidSessionTimeout = 26,        //
    RebalanceInProgress = 27,          //
    InvalidCommitOffsetSize = 28,      //
    TopicAuthorizationFailed = 29,     //
    GroupAuthorizationFailed = 30,     //
    ClusterAuthorizationFailed = 31,   //
    InvalidTimestamp = 32,             //
    UnsupportedSaslMechanism = 33,     //
    IllegalSaslState = 34,             //
    UnsupportedVersion = 35,           // API version outside the advertised range
    TopicAlreadyExists = 36,           //
    InvalidPartitions = 37,            //
    InvalidReplicationFactor = 38,     //
    InvalidReplicaAssignment = 39,     //
    InvalidConfig = 40,                //
    NotController = 41,                //
    InvalidRequest = 42,               // malformed or inconsistent request
    UnsupportedForMessageFormat = 43,  //
    PolicyViolation = 44,              //
    OutOfOrderSequenceNumber = 45,     // idempotent producer sequence gap
    DuplicateSequenceNumber = 46,      //
    InvalidProducerEpoch = 47,         // fenced producer
    InvalidTxnState = 48,              //
    InvalidProducerIdMapping = 49,     //
    InvalidTransactionTimeout = 50,    //
    ConcurrentTransactions = 51,       //
    TransactionCoordinatorFenced = 52, //
    TransactionalIdAuthorizationFailed = 53,
    SecurityDisabled = 54,             //
    OperationNotAttempted = 55,        //
    KafkaStorageError = 56,            // disk failure on the broker
    LogDirNotFound = 57,               //
    SaslAuthenticationFailed = 58,     //
    UnknownProducerId = 59,            //
    ReassignmentInProgress = 60,       //
    DelegationTokenAuthDisabled = 61,  //
    DelegationTokenNotFound = 62,      //
    DelegationTokenOwnerMismatch = 63, //
    DelegationTokenRequestNotAllowed = 64,
    DelegationTokenAuthorizationFailed = 65,
    DelegationTokenExpired = 66,      //
    InvalidPrincipalType = 67,        //
    NonEmptyGroup = 68,               // group still has members
    GroupIdNotFound = 69,             //
    FetchSessionIdNotFound = 70,      //
    InvalidFetchSessionEpoch = 71,    //
    ListenerNotFound = 72,            //
    TopicDeletionDisabled = 73,       //
    FencedLeaderEpoch = 74,           // request's leader epoch is older than ours
    UnknownLeaderEpoch = 75,          // request's leader epoch is newer than ours
    UnsupportedCompressionType = 76,  //
    StaleBrokerEpoch = 77,            //
    OffsetNotAvailable = 78,          //
    MemberIdRequired = 79,            // JoinGroup v4+: rejoin with the assigned member id
    PreferredLeaderNotAvailable = 80, //
    GroupMaxSizeReached = 81,         //
    FencedInstanceId = 82,            // static member replaced by a newer instance
    EligibleLeadersNotAvailable = 83, //
    ElectionNotNeeded = 84,           //
    NoReassignmentInProgress = 85,    //
    GroupSubscribedToTopic = 86,      //
    InvalidRecord = 87,               //
    UnstableOffsetCommit = 88,        //
    ThrottlingQuotaExceeded = 89,     //
    ProducerFenced = 90,              //
    ResourceNotFound = 91,            //
    DuplicateResource = 92,           //
    UnacceptableCredential = 93,      //
    InconsistentVoterSet = 94,        //
    InvalidUpdateVersion = 95,        //
    FeatureUpdateFailed = 96,         //
    PrincipalDeserializationFailure = 97,
    SnapshotNotFound = 98,             //
    PositionOutOfRange = 99,           //
    UnknownTopicId = 100,              //
    DuplicateBrokerRegistration = 101, //
    BrokerIdNotRegistered = 102,       //
    InconsistentTopicId = 103,         //
    InconsistentClusterId = 104,       // broker's data belongs to another cluster
    TransactionalIdNotFound = 105,     //
    FetchSessionTopicIdError = 106,    //
};

// Kafka's upper-snake-case name for an error code, for logs and tools.
std::string_view errorName(ErrorCode code);

} // namespace runnel
