#pragma once

// The wire encoding of the metadata quorum's RPCs between voters (our own format, not
// Kafka's KRaft RPCs; only runneld speaks it). Pure functions, any thread.
//
// On a controller connection every message travels in a size-prefixed frame:
//
//   +----------------+-----------------------------------------------+
//   | int32 size (N) | N bytes: encoded RaftMessage                  |
//   +----------------+-----------------------------------------------+
//
// An encoded RaftMessage (all integers big-endian):
//
//   +--------------+------------+-------------+------------------------+
//   | int8 version | int32 from | int8 type   | body of that type      |
//   |     (0)      |  (NodeId)  | (1..7)      |                        |
//   +--------------+------------+-------------+------------------------+
//
//   1 VoteRequest         int32 epoch | int32 candidateId | int32 lastEpoch
//                         | int64 endOffset | bool preVote
//   2 VoteResponse        int32 epoch | bool granted | bool preVote | optNode leaderId
//   3 BeginQuorumEpoch    int32 epoch | int32 leaderId
//   4 BeginQuorumEpochResponse  int32 epoch
//   5 EndQuorumEpoch      int32 epoch | int32 leaderId | int32 n | n x int32 successor
//   6 FetchRequest        int32 epoch | int32 replicaId | int64 fetchOffset
//                         | int32 lastFetchedEpoch
//   7 FetchResponse       int32 epoch | optNode leaderId | int16 error | int64 fetchOffset
//                         | int64 highWatermark | bool hasDiverging
//                         [| int64 divergingEndOffset | int32 divergingEpoch]
//                         | int32 n | n x entry
//
//   bool    := int8, exactly 0 or 1
//   optNode := bool present [| int32 id]
//   entry   := int64 offset | int32 epoch | int8 kind (0 data, 1 leader change)
//              | int32 length | length bytes payload
//
// A peer frame carries a broker RPC instead (QuorumService::sendToPeer); its first byte
// can never start a RaftMessage:
//
//   +----------------+----------------+------------+---------------------------+
//   | int32 size (N) | int8 0x50 ('P')| int32 from | N - 5 bytes: payload       |
//   +----------------+----------------+------------+---------------------------+
//
// A hello frame is the first frame an observer (a broker-only member, not a voter) writes
// on each of its connections: it tells the voter where to send its answers, since answers
// travel on the addressee's listener, never back on the same connection.
//
//   +----------------+----------------+------------+-------------+-------------+
//   | int32 size (N) | int8 0x48 ('H')| int32 from | string host | uint16 port |
//   +----------------+----------------+------------+-------------+-------------+
//   string := int16 length | bytes
//
// Decoding rejects (CorruptMessage) anything that is not exactly one well-formed message:
// an unknown version or type, a bool or kind out of range, a negative count or length, a
// count or length larger than the bytes that remain, and trailing bytes. It never reads
// outside the given span and never allocates more than the input could describe.

#include "engine/common/bytes.h"
#include "engine/common/result.h"
#include "engine/metadata/raft_types.h"

namespace runnel::cluster {

inline constexpr int8_t kRaftCodecVersion = 0;

// Encodes message (without the frame's size prefix).
Bytes encodeRaftMessage(const metadata::RaftMessage &message);
// Encodes message with the int32 size prefix, ready to write to a socket.
Bytes encodeRaftFrame(const metadata::RaftMessage &message);
Result<metadata::RaftMessage> decodeRaftMessage(ByteSpan data);

inline constexpr uint8_t kPeerFrameMarker = 0x50;
Bytes encodePeerFrame(metadata::NodeId from, ByteSpan payload);

inline constexpr uint8_t kHelloFrameMarker = 0x48;
struct Hello
{
    metadata::NodeId from;
    std::string host;
    uint16_t port = 0;
};
Bytes encodeHelloFrame(const Hello &hello);
// `data` is the frame without its size prefix, starting at the marker.
Result<Hello> decodeHello(ByteSpan data);

} // namespace runnel::cluster
