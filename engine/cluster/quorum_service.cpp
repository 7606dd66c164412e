#include "engine/cluster/quorum_service.h"

#include "engine/cluster/peer_stream.h"

#include "engine/cluster/raft_codec.h"
#include "engine/cluster/raft_log_store.h"
#include "engine/common/log.h"
#include "engine/metadata/raft_node.h"

#include <asio.hpp>

#include <charconv>
#include <chrono>
#include <map>
#include <random>
#include <set>

namespace runnel::cluster {

using namespace runnel::metadata;

namespace {

constexpr const char *kComponent = "cluster";

// A drain that keeps producing outputs this many rounds is a bug in the node; the
// remaining outputs stay queued in the node and run after the next input.
constexpr int kMaxDrainRounds = 10000;

TimestampMs nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

Error invalidVoters(std::string_view text, std::string why)
{
    return makeError(ErrorCode::InvalidConfig,
                     "controller.quorum.voters '" + std::string(text) + "': " + std::move(why));
}

} // namespace

Result<std::vector<VoterAddress>> parseQuorumVoters(std::string_view text)
{
    std::vector<VoterAddress> out;
    size_t start = 0;
    while (start <= text.size()) {
        size_t comma = text.find(',', start);
        std::string_view item = text.substr(
            start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        size_t at = item.find('@');
        size_t colon = item.rfind(':');
        if (at == std::string_view::npos || colon == std::string_view::npos || colon < at)
            return invalidVoters(text, "expected id@host:port, got '" + std::string(item) + "'");
        int32_t id = -1;
        auto idText = item.substr(0, at);
        auto [idEnd, idErr] = std::from_chars(idText.data(), idText.data() + idText.size(), id);
        if (idErr != std::errc() || idEnd != idText.data() + idText.size() || id < 0)
            return invalidVoters(text, "bad node id '" + std::string(idText) + "'");
        std::string_view host = item.substr(at + 1, colon - at - 1);
        if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
            host = host.substr(1, host.size() - 2);
        if (host.empty())
            return invalidVoters(text, "empty host in '" + std::string(item) + "'");
        unsigned port = 0;
        auto portText = item.substr(colon + 1);
        auto [portEnd, portErr]
            = std::from_chars(portText.data(), portText.data() + portText.size(), port);
        if (portErr != std::errc() || portEnd != portText.data() + portText.size() || port == 0
            || port > 65535)
            return invalidVoters(text, "bad port '" + std::string(portText) + "'");
        for (const VoterAddress &v : out)
            if (v.id.value() == id)
                return invalidVoters(text, "node id " + std::to_string(id) + " appears twice");
        out.push_back(VoterAddress{NodeId(id), std::string(host), static_cast<uint16_t>(port)});
        if (comma == std::string_view::npos)
            break;
        start = comma + 1;
    }
    return out;
}

// ---- Core: the shared state behind QuorumService, kept alive by pending handlers ----

class QuorumService::Core : public std::enable_shared_from_this<QuorumService::Core>
{
public:
    Core(asio::io_context &io, QuorumConfig config, QuorumCallbacks callbacks)
        : m_io(io)
        , m_config(std::move(config))
        , m_callbacks(std::move(callbacks))
        , m_acceptor(io)
        , m_tickTimer(io)
    {}

    Status open();
    void startLoops();
    void stop();
    void deliver(const RaftMessage &message);
    void deliverPeer(NodeId from, ByteSpan payload);
    bool sendToPeer(NodeId to, Bytes payload);
    void addPeer(NodeId id, const std::string &host, uint16_t port);
    void removeObserver(NodeId id);
    void sessionClosed(const std::shared_ptr<InboundSession> &session);
    Result<Offset> propose(Bytes payload);

    bool isStopped() const { return m_stopped; }
    size_t maxFrameBytes() const { return m_config.maxFrameBytes; }
    std::string name() const { return "voter " + std::to_string(m_config.selfId.value()); }

    std::optional<NodeId> leaderId() const { return m_node ? m_node->leaderId() : std::nullopt; }
    RaftRole role() const { return m_node ? m_node->role() : RaftRole::Unattached; }
    QuorumEpoch epoch() const { return m_node ? m_node->epoch() : m_lastEpoch; }
    Offset commitOffset() const { return m_node ? m_node->commitOffset() : m_lastCommit; }
    uint16_t listenPort() const { return m_port; }
    std::optional<int64_t> peerLostForMs(NodeId id) const;
    std::optional<int64_t> peerLastLostMsAgo(NodeId id) const;

private:
    void accept();
    // Notes which links went down and when; tells the node when the leader's is lost.
    void watchLinks(TimestampMs now);
    void scheduleTick();
    void processOutputs();
    void execute(RaftOutput &output);
    void fatal(Error error);
    void release();

    asio::io_context &m_io;
    QuorumConfig m_config;
    QuorumCallbacks m_callbacks;
    asio::ip::tcp::acceptor m_acceptor;
    asio::steady_timer m_tickTimer;
    uint16_t m_port = 0;

    std::unique_ptr<RaftLogStore> m_store;
    std::unique_ptr<RaftNode> m_node;
    std::map<NodeId, std::unique_ptr<PeerLink>> m_peers;
    std::map<NodeId, std::pair<std::string, uint16_t>> m_observerAddresses;
    std::set<std::shared_ptr<InboundSession>> m_sessions;
    std::set<NodeId> m_linksUp;                // were connected when last watched
    std::map<NodeId, TimestampMs> m_linksDown; // went down (after being up) at
    std::map<NodeId, TimestampMs> m_lastLoss;  // last went down (after being up) at
    std::optional<std::pair<NodeId, TimestampMs>> m_reportedLeaderLoss;

    bool m_processing = false;
    bool m_stopped = false;
    std::optional<Error> m_fatal;
    QuorumEpoch m_lastEpoch{0};
    Offset m_lastCommit{0};
};

// One accepted connection from a peer's PeerLink: reads frames and hands each decoded
// message to the Core. Holds the Core weakly so that a stopped service can go away.
class InboundSession : public std::enable_shared_from_this<InboundSession>
{
public:
    InboundSession(asio::ip::tcp::socket socket,
                   const std::shared_ptr<asio::ssl::context> &tls,
                   std::weak_ptr<QuorumService::Core> core)
        : m_stream(std::make_shared<PeerStream>(std::move(socket), tls))
        , m_core(std::move(core))
    {}

    // With TLS, nothing is read before the handshake has verified the peer's certificate.
    void start()
    {
        m_stream->asyncHandshake(
            asio::ssl::stream_base::server,
            [self = shared_from_this()](const asio::error_code &ec) {
                if (self->m_closed)
                    return;
                if (ec) {
                    self->finish(self->m_core.lock(), {}, "TLS handshake failed: " + ec.message());
                    return;
                }
                self->readHeader();
            });
    }
    void close()
    {
        m_closed = true;
        m_stream->close();
    }

private:
    void readHeader()
    {
        m_stream->asyncRead(asio::buffer(m_header),
                            [self = shared_from_this()](const asio::error_code &ec, size_t) {
                                if (self->m_closed)
                                    return;
                                auto core = self->m_core.lock();
                                if (ec || !core || core->isStopped()) {
                                    self->finish(core, ec);
                                    return;
                                }
                                auto size = static_cast<int32_t>(loadBE32(self->m_header.data()));
                                if (size <= 0
                                    || static_cast<size_t>(size) > core->maxFrameBytes()) {
                                    self->finish(core, {}, "frame size " + std::to_string(size));
                                    return;
                                }
                                self->m_body.resize(static_cast<size_t>(size));
                                self->readBody();
                            });
    }

    void readBody()
    {
        m_stream->asyncRead(
            asio::buffer(m_body), [self = shared_from_this()](const asio::error_code &ec, size_t) {
                if (self->m_closed)
                    return;
                auto core = self->m_core.lock();
                if (ec || !core || core->isStopped()) {
                    self->finish(core, ec);
                    return;
                }
                if (!self->m_body.empty() && self->m_body[0] == kHelloFrameMarker) {
                    auto hello = decodeHello(ByteSpan(self->m_body));
                    if (!hello) {
                        self->finish(core, {}, hello.error().message);
                        return;
                    }
                    core->addPeer(hello->from, hello->host, hello->port);
                    self->readHeader();
                    return;
                }
                if (!self->m_body.empty() && self->m_body[0] == kPeerFrameMarker) {
                    if (self->m_body.size() < 5) {
                        self->finish(core, {}, "short peer frame");
                        return;
                    }
                    auto from = static_cast<int32_t>(loadBE32(self->m_body.data() + 1));
                    core->deliverPeer(NodeId(from), ByteSpan(self->m_body).subspan(5));
                    if (self->m_closed)
                        return;
                    self->readHeader();
                    return;
                }
                auto message = decodeRaftMessage(ByteSpan(self->m_body));
                if (!message) {
                    self->finish(core, {}, message.error().message);
                    return;
                }
                core->deliver(message.value());
                if (self->m_closed) // the delivery may have stopped the service
                    return;
                self->readHeader();
            });
    }

    // Closes the connection; logs why unless the peer simply closed it or we stopped.
    void finish(const std::shared_ptr<QuorumService::Core> &core,
                const asio::error_code &ec,
                const std::string &why = {})
    {
        if (!why.empty() || (ec && ec != asio::error::eof && core && !core->isStopped()))
            RLOG_INFO(kComponent) << "closing controller connection from " << peer() << ": "
                                  << (why.empty() ? ec.message() : why);
        close();
        if (core)
            core->sessionClosed(shared_from_this());
    }

    std::string peer() const
    {
        asio::error_code ec;
        auto ep = m_stream->socket().remote_endpoint(ec);
        return ec ? std::string("?") : ep.address().to_string() + ":" + std::to_string(ep.port());
    }

    std::shared_ptr<PeerStream> m_stream;
    std::weak_ptr<QuorumService::Core> m_core;
    std::array<uint8_t, 4> m_header{};
    Bytes m_body;
    bool m_closed = false;
};

Status QuorumService::Core::open()
{
    std::vector<NodeId> voterIds;
    bool selfListed = false;
    for (const VoterAddress &v : m_config.voters) {
        voterIds.push_back(v.id);
        selfListed = selfListed || v.id == m_config.selfId;
    }
    if (!selfListed && !m_config.observer)
        return makeError(ErrorCode::InvalidConfig,
                         "node " + std::to_string(m_config.selfId.value())
                             + " is not in controller.quorum.voters");
    if (selfListed && m_config.observer)
        return makeError(ErrorCode::InvalidConfig,
                         "node " + std::to_string(m_config.selfId.value())
                             + " is in controller.quorum.voters, so it cannot be broker-only");

    auto store = RaftLogStore::open(m_config.dir);
    if (!store)
        return store.error();
    m_store = std::move(store.value());
    auto state = m_store->load();
    if (!state)
        return state.error();
    RLOG_INFO(kComponent) << name() << ": recovered epoch " << state->epoch.value() << ", "
                          << state->log.size() << " log entries from "
                          << m_store->directory().string();

    asio::error_code ec;
    auto address = asio::ip::make_address(m_config.listenHost, ec);
    if (ec)
        return makeError(ErrorCode::InvalidConfig,
                         "controller listener host '" + m_config.listenHost
                             + "' is not an IP address");
    asio::ip::tcp::endpoint endpoint(address, m_config.listenPort);
    m_acceptor.open(endpoint.protocol(), ec);
    if (!ec)
        m_acceptor.set_option(asio::ip::tcp::acceptor::reuse_address(true), ec);
    if (!ec)
        m_acceptor.bind(endpoint, ec);
    if (!ec)
        m_acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
        return makeError(ErrorCode::InvalidConfig,
                         "cannot listen on " + m_config.listenHost + ":"
                             + std::to_string(m_config.listenPort) + ": " + ec.message());
    m_port = m_acceptor.local_endpoint().port();
    if (m_config.observer)
        m_config.peerLink.hello
            = encodeHelloFrame({m_config.selfId, m_config.observerHost, m_port});

    uint64_t seed = (static_cast<uint64_t>(std::random_device{}()) << 32)
                    ^ static_cast<uint64_t>(m_config.selfId.value());
    m_node = std::make_unique<RaftNode>(
        m_config.selfId, voterIds, m_config.raft, seed, std::move(state.value()), nowMs());
    for (const VoterAddress &v : m_config.voters) {
        if (v.id == m_config.selfId)
            continue;
        m_peers.emplace(
            v.id,
            std::make_unique<PeerLink>(
                m_io, "voter " + std::to_string(v.id.value()), v.host, v.port, m_config.peerLink));
    }
    return Status::success();
}

void QuorumService::Core::startLoops()
{
    accept();
    scheduleTick();
    processOutputs();
}

void QuorumService::Core::accept()
{
    m_acceptor.async_accept(
        [self = shared_from_this()](const asio::error_code &ec, asio::ip::tcp::socket socket) {
            if (self->m_stopped)
                return;
            if (!ec) {
                asio::error_code ignored;
                socket.set_option(asio::ip::tcp::no_delay(true), ignored);
                auto session = std::make_shared<InboundSession>(
                    std::move(socket), self->m_config.serverTls, std::weak_ptr<Core>(self));
                self->m_sessions.insert(session);
                session->start();
            } else {
                RLOG_WARN(kComponent) << self->name() << ": accept failed: " << ec.message();
            }
            self->accept();
        });
}

void QuorumService::Core::scheduleTick()
{
    m_tickTimer.expires_after(std::chrono::milliseconds(m_config.tickIntervalMs));
    m_tickTimer.async_wait([self = shared_from_this()](const asio::error_code &ec) {
        if (ec || self->m_stopped)
            return;
        const TimestampMs now = nowMs();
        self->watchLinks(now);
        self->m_node->tick(now);
        self->processOutputs();
        if (!self->m_stopped)
            self->scheduleTick();
    });
}

void QuorumService::Core::watchLinks(TimestampMs now)
{
    for (const auto &[id, link] : m_peers) {
        if (link->connected()) {
            m_linksUp.insert(id);
            m_linksDown.erase(id);
        } else if (m_linksUp.erase(id) > 0) {
            m_linksDown[id] = now;
            m_lastLoss[id] = now;
        }
    }
    if (m_config.peerLossGraceMs <= 0 || m_node->role() != RaftRole::Follower)
        return;
    const std::optional<NodeId> leader = m_node->leaderId();
    if (!leader)
        return;
    auto down = m_linksDown.find(*leader);
    if (down == m_linksDown.end() || now - down->second < m_config.peerLossGraceMs)
        return;
    // Once per loss: an election that keeps the same leader must not be restarted.
    const std::pair<NodeId, TimestampMs> loss{*leader, down->second};
    if (m_reportedLeaderLoss == loss)
        return;
    m_reportedLeaderLoss = loss;
    RLOG_INFO(kComponent) << name() << ": the link to leader " << leader->value()
                          << " has been down for " << now - down->second << " ms";
    m_node->leaderUnreachable(*leader, now);
}

std::optional<int64_t> QuorumService::Core::peerLostForMs(NodeId id) const
{
    auto down = m_linksDown.find(id);
    if (m_config.peerLossGraceMs <= 0 || down == m_linksDown.end())
        return std::nullopt;
    const int64_t forMs = nowMs() - down->second;
    if (forMs < m_config.peerLossGraceMs)
        return std::nullopt;
    return forMs;
}

std::optional<int64_t> QuorumService::Core::peerLastLostMsAgo(NodeId id) const
{
    auto lost = m_lastLoss.find(id);
    if (m_config.peerLossGraceMs <= 0 || lost == m_lastLoss.end())
        return std::nullopt;
    return nowMs() - lost->second;
}

void QuorumService::Core::deliver(const RaftMessage &message)
{
    if (m_stopped)
        return;
    if (message.from == m_config.selfId || !m_peers.contains(message.from)) {
        RLOG_WARN(kComponent) << name() << ": dropping a message from node " << message.from.value()
                              << ", which is not another voter";
        return;
    }
    m_node->receive(message, nowMs());
    processOutputs();
}

void QuorumService::Core::deliverPeer(NodeId from, ByteSpan payload)
{
    if (m_stopped)
        return;
    if (from == m_config.selfId || !m_peers.contains(from)) {
        RLOG_WARN(kComponent) << name() << ": dropping a peer frame from node " << from.value()
                              << ", which is not another voter";
        return;
    }
    auto self = shared_from_this();
    if (m_callbacks.onPeerMessage)
        m_callbacks.onPeerMessage(from, payload);
}

void QuorumService::Core::addPeer(NodeId id, const std::string &host, uint16_t port)
{
    if (m_stopped || id == m_config.selfId || port == 0)
        return;
    for (const VoterAddress &v : m_config.voters)
        if (v.id == id)
            return; // voters' addresses come from controller.quorum.voters only
    auto known = m_observerAddresses.find(id);
    if (known != m_observerAddresses.end() && known->second == std::make_pair(host, port))
        return;
    RLOG_INFO(kComponent) << name() << ": observer " << id.value() << " at " << host << ":" << port;
    m_observerAddresses[id] = {host, port};
    m_linksUp.erase(id);
    m_linksDown.erase(id);
    m_lastLoss.erase(id);
    m_peers[id] = std::make_unique<PeerLink>(
        m_io, "observer " + std::to_string(id.value()), host, port, m_config.peerLink);
}

void QuorumService::Core::removeObserver(NodeId id)
{
    if (m_stopped)
        return;
    for (const VoterAddress &v : m_config.voters)
        if (v.id == id)
            return;
    auto peer = m_peers.find(id);
    if (peer == m_peers.end() || peer->second->connected())
        return;
    RLOG_INFO(kComponent) << name() << ": no longer dialling observer " << id.value()
                          << ", which left the cluster";
    m_peers.erase(peer);
    m_observerAddresses.erase(id);
    m_linksUp.erase(id);
    m_linksDown.erase(id);
    m_lastLoss.erase(id);
}

bool QuorumService::Core::sendToPeer(NodeId to, Bytes payload)
{
    if (m_stopped)
        return false;
    auto peer = m_peers.find(to);
    if (peer == m_peers.end())
        return false;
    peer->second->send(encodePeerFrame(m_config.selfId, ByteSpan(payload)));
    return true;
}

void QuorumService::Core::sessionClosed(const std::shared_ptr<InboundSession> &session)
{
    m_sessions.erase(session);
}

Result<Offset> QuorumService::Core::propose(Bytes payload)
{
    if (m_stopped)
        return makeError(ErrorCode::NotController, name() + " is stopped");
    auto result = m_node->propose(std::move(payload));
    processOutputs();
    return result;
}

void QuorumService::Core::processOutputs()
{
    // A callback may propose (re-entering here) or stop the service: the outer loop drains
    // what the inner call would have, in order, and the objects stay alive until it ends.
    if (m_processing || m_stopped)
        return;
    auto self = shared_from_this();
    m_processing = true;
    for (int round = 0; round < kMaxDrainRounds && !m_stopped && !m_fatal; ++round) {
        std::vector<RaftOutput> outputs = m_node->drainOutputs();
        if (outputs.empty())
            break;
        for (RaftOutput &output : outputs) {
            execute(output);
            if (m_stopped || m_fatal)
                break;
        }
    }
    m_processing = false;
    if (m_fatal) {
        Error error = *m_fatal;
        RLOG_ERROR(kComponent) << name() << ": metadata log failure, stopping the quorum "
                               << "service: " << error.message;
        stop();
        if (m_callbacks.onFatalError)
            m_callbacks.onFatalError(error);
    } else if (m_stopped) {
        release();
    }
}

void QuorumService::Core::execute(RaftOutput &output)
{
    if (auto *send = std::get_if<Send>(&output)) {
        auto peer = m_peers.find(send->to);
        if (peer == m_peers.end()) {
            RLOG_WARN(kComponent) << name() << ": no link to node " << send->to.value();
            return;
        }
        peer->second->send(encodeRaftFrame(send->message));
    } else if (auto *append = std::get_if<AppendToDisk>(&output)) {
        if (Status s = m_store->append(append->entries); !s) {
            m_fatal = s.error();
            return;
        }
        if (Status s = m_store->sync(); !s) {
            m_fatal = s.error();
            return;
        }
        m_node->onDiskAppended(m_store->endOffset());
    } else if (auto *truncate = std::get_if<TruncateDisk>(&output)) {
        RLOG_INFO(kComponent) << name() << ": truncating the metadata log to offset "
                              << truncate->offset.value();
        if (Status s = m_store->truncate(truncate->offset); !s)
            m_fatal = s.error();
    } else if (auto *vote = std::get_if<PersistVote>(&output)) {
        if (Status s = m_store->persistVote(vote->epoch, vote->votedFor); !s) {
            m_fatal = s.error();
            return;
        }
        m_node->onVotePersisted();
    } else if (auto *committed = std::get_if<Committed>(&output)) {
        if (m_callbacks.onCommitted)
            m_callbacks.onCommitted(committed->entries);
    } else if (auto *change = std::get_if<RoleChanged>(&output)) {
        RLOG_INFO(kComponent) << name() << ": " << roleName(change->role) << " in epoch "
                              << change->epoch.value() << ", leader "
                              << (change->leaderId ? std::to_string(change->leaderId->value())
                                                   : std::string("unknown"));
        if (m_callbacks.onRoleChanged)
            m_callbacks.onRoleChanged(*change);
    }
}

void QuorumService::Core::stop()
{
    if (m_stopped)
        return;
    m_stopped = true;
    asio::error_code ignored;
    m_tickTimer.cancel();
    m_acceptor.close(ignored);
    for (const auto &session : m_sessions)
        session->close();
    m_sessions.clear();
    m_peers.clear();
    if (!m_processing)
        release();
}

// Closes the store and drops the node once no drain loop uses them any more.
void QuorumService::Core::release()
{
    if (m_node) {
        m_lastEpoch = m_node->epoch();
        m_lastCommit = m_node->commitOffset();
    }
    m_node.reset();
    m_store.reset();
}

// ---- QuorumService ----

Result<std::unique_ptr<QuorumService>>
QuorumService::start(asio::io_context &io, QuorumConfig config, QuorumCallbacks callbacks)
{
    auto core = std::make_shared<Core>(io, std::move(config), std::move(callbacks));
    if (Status s = core->open(); !s) {
        core->stop();
        return s.error();
    }
    core->startLoops();
    return std::unique_ptr<QuorumService>(new QuorumService(std::move(core)));
}

QuorumService::QuorumService(std::shared_ptr<Core> core)
    : m_core(std::move(core))
{}

QuorumService::~QuorumService()
{
    m_core->stop();
}

Result<Offset> QuorumService::propose(Bytes payload)
{
    return m_core->propose(std::move(payload));
}

bool QuorumService::sendToPeer(NodeId to, Bytes payload)
{
    return m_core->sendToPeer(to, std::move(payload));
}

void QuorumService::addPeer(NodeId id, const std::string &host, uint16_t port)
{
    m_core->addPeer(id, host, port);
}

void QuorumService::removeObserver(NodeId id)
{
    m_core->removeObserver(id);
}

std::optional<int64_t> QuorumService::peerLostForMs(NodeId id) const
{
    return m_core->peerLostForMs(id);
}

std::optional<int64_t> QuorumService::peerLastLostMsAgo(NodeId id) const
{
    return m_core->peerLastLostMsAgo(id);
}

std::optional<NodeId> QuorumService::leaderId() const
{
    return m_core->leaderId();
}

RaftRole QuorumService::role() const
{
    return m_core->role();
}

QuorumEpoch QuorumService::epoch() const
{
    return m_core->epoch();
}

Offset QuorumService::commitOffset() const
{
    return m_core->commitOffset();
}

uint16_t QuorumService::listenPort() const
{
    return m_core->listenPort();
}

bool QuorumService::stopped() const
{
    return m_core->isStopped();
}

void QuorumService::stop()
{
    m_core->stop();
}

} // namespace runnel::cluster
