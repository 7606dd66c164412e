// runnel_data_bench: drives the console's MessagesPage and KafkaService as the window
// would, and prints figures for bench/data-browser.sh (see bench/README.md).
//
//   runnel_data_bench produce BOOTSTRAP TOPIC PARTITIONS COUNT VALUE_BYTES
//       creates TOPIC and fills it with COUNT records "key-<n>" → a VALUE_BYTES value,
//       in chunks through KafkaService::produce.
//   runnel_data_bench open BOOTSTRAP TOPIC
//       opens TOPIC in a MessagesPage shown offscreen: time from openTopic() to the first
//       page of records on screen, then 50 jumps to random rows (each until its page
//       shows), then resident memory.
//   runnel_data_bench search BOOTSTRAP TOPIC NEEDLE
//       a full-topic key search through the page; time, records scanned, matches, memory.
//
// Output: "RESULT key=value ..." lines on stdout; the GUI thread's worst lateness (10 ms
// timer) is included.

#include "ui/data/messagespage.h"
#include "ui/kafka/kafkaservice.h"
#include "ui/models/messagemodel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTableView>
#include <QTimer>

#include <cstdio>

using namespace runnel::ui;

namespace {

qint64 statusKb(const char *key)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(key))
            return line.mid(qstrlen(key)).trimmed().split(' ').first().toLongLong();
    return -1;
}

struct Lateness
{
    QTimer timer;
    QElapsedTimer clock;
    qint64 last = -1;
    double worstMs = 0;
    void start()
    {
        timer.setTimerType(Qt::PreciseTimer);
        timer.setInterval(10);
        QObject::connect(&timer, &QTimer::timeout, &timer, [this]() {
            const qint64 now = clock.nsecsElapsed();
            if (last >= 0)
                worstMs = qMax(worstMs, double(now - last) / 1e6 - 10.0);
            last = now;
        });
        clock.start();
        timer.start();
    }
};

// Runs the event loop until `done` or the timeout; false on timeout.
template<typename Pred>
bool spin(Pred done, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    return true;
}

int fail(const QString &message)
{
    std::fprintf(stderr, "runnel_data_bench: %s\n", qPrintable(message));
    return 1;
}

int produce(
    KafkaService &service, const QString &topic, int partitions, qint64 count, int valueBytes)
{
    bool done = false;
    QString error;
    NewTopic t;
    t.name = topic;
    t.partitions = partitions;
    QObject context;
    service.createTopic(t, &context, [&](const KafkaResult<Done> &r) {
        done = true;
        error = r.error;
    });
    if (!spin([&] { return done; }, 30000) || !error.isEmpty())
        return fail(error.isEmpty() ? QStringLiteral("create timed out") : error);
    QElapsedTimer clock;
    clock.start();
    const QByteArray filler(valueBytes, 'x');
    constexpr qint64 chunk = 200000;
    for (qint64 first = 0; first < count; first += chunk) {
        ProduceRequest request;
        request.topic = topic;
        for (qint64 i = first; i < qMin(count, first + chunk); ++i) {
            KafkaRecord r;
            r.keyNull = false;
            r.key = "key-" + QByteArray::number(i);
            r.valueNull = false;
            r.value = filler;
            request.records.append(std::move(r));
        }
        done = false;
        service.produce(request, &context, {}, [&](const KafkaResult<qint64> &r) {
            done = true;
            error = r.error;
        });
        if (!spin([&] { return done; }, 300000) || !error.isEmpty())
            return fail(error.isEmpty() ? QStringLiteral("produce timed out") : error);
    }
    std::printf(
        "RESULT phase=produce records=%lld seconds=%.2f\n", count, clock.elapsed() / 1000.0);
    return 0;
}

// The page is built and painted once before the lateness timer starts: what is measured
// is the GUI thread during the operation, not the first paint of a new window.
void settle(QWidget &page)
{
    page.resize(1400, 900);
    page.show();
    spin([] { return false; }, 300);
}

int open(KafkaService &service, const QString &topic)
{
    MessagesPage page(&service);
    settle(page);
    Lateness lateness;
    lateness.start();
    const qint64 rssBefore = statusKb("VmRSS:");
    qint64 firstPageMs = -1;
    qint64 rows = -1;
    QObject::connect(
        &page, &MessagesPage::firstPageLoaded, &page, [&](qint64 ms) { firstPageMs = ms; });
    QObject::connect(&page, &MessagesPage::opened, &page, [&](qint64 n) { rows = n; });
    page.openTopic(topic);
    if (!spin([&] { return firstPageMs >= 0; }, 30000))
        return fail(QStringLiteral("the first page did not show within 30 s"));
    const qint64 rssFirst = statusKb("VmRSS:");
    const qint64 coldMs = firstPageMs;
    // A second open, warm (handles connected): what reopening or switching costs.
    firstPageMs = -1;
    page.openTopic(topic);
    if (!spin([&] { return firstPageMs >= 0; }, 30000))
        return fail(QStringLiteral("the first page did not show again within 30 s"));
    const qint64 warmMs = firstPageMs;
    MessageModel *model = page.messageModel();
    QElapsedTimer jumps;
    jumps.start();
    double worstJump = 0;
    for (int i = 0; i < 50; ++i) {
        const int row = int(QRandomGenerator::global()->bounded(model->rowCount()));
        QElapsedTimer one;
        one.start();
        page.messageView()->scrollTo(model->index(row, 0), QAbstractItemView::PositionAtCenter);
        if (!spin([&] { return model->isLoaded(row); }, 30000))
            return fail(QStringLiteral("row %1 did not load").arg(row));
        worstJump = qMax(worstJump, double(one.elapsed()));
    }
    std::printf("RESULT phase=open rows=%lld first_page_ms=%lld warm_first_page_ms=%lld "
                "jumps=50 jump_avg_ms=%.1f jump_worst_ms=%.0f cached_pages=%d cached_records=%lld "
                "rss_before_mb=%.1f rss_first_page_mb=%.1f rss_after_jumps_mb=%.1f hwm_mb=%.1f "
                "gui_worst_late_ms=%.1f\n",
                rows,
                coldMs,
                warmMs,
                jumps.elapsed() / 50.0,
                worstJump,
                model->cachedPages(),
                model->cachedRecords(),
                rssBefore / 1024.0,
                rssFirst / 1024.0,
                statusKb("VmRSS:") / 1024.0,
                statusKb("VmHWM:") / 1024.0,
                lateness.worstMs);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 4)
        return fail(
            QStringLiteral("usage: runnel_data_bench produce|open|search BOOTSTRAP TOPIC ..."));
    ConnectionSettings settings;
    settings.name = QStringLiteral("bench");
    settings.bootstrapServers = args.at(2);
    KafkaService service(settings);
    const QString mode = args.at(1);
    const QString topic = args.at(3);
    if (mode == QLatin1String("produce") && args.size() == 7)
        return produce(
            service, topic, args.at(4).toInt(), args.at(5).toLongLong(), args.at(6).toInt());
    if (mode == QLatin1String("open"))
        return open(service, topic);
    if (mode == QLatin1String("search") && args.size() == 5) {
        MessagesPage page(&service);
        settle(page);
        Lateness lateness;
        lateness.start();
        bool finished = false;
        ScanProgress result;
        QString error;
        QObject::connect(&page,
                         &MessagesPage::searchFinished,
                         &page,
                         [&](const ScanProgress &p, const QString &e) {
                             finished = true;
                             result = p;
                             error = e;
                         });
        SearchCriteria criteria;
        criteria.field = SearchCriteria::Field::Key;
        criteria.text = args.at(4);
        ScanRange range;
        range.topic = topic;
        QElapsedTimer clock;
        clock.start();
        page.startSearch(criteria, range);
        if (!spin([&] { return finished; }, 600000))
            return fail(QStringLiteral("the search did not finish within 10 minutes"));
        if (!error.isEmpty())
            return fail(error);
        const double seconds = clock.elapsed() / 1000.0;
        std::printf("RESULT phase=search scanned=%lld total=%lld matched=%lld seconds=%.2f "
                    "records_per_s=%.0f hwm_mb=%.1f gui_worst_late_ms=%.1f\n",
                    result.scanned,
                    result.total,
                    result.matched,
                    seconds,
                    result.scanned / seconds,
                    statusKb("VmHWM:") / 1024.0,
                    lateness.worstMs);
        return 0;
    }
    return fail(QStringLiteral("unknown mode or wrong arguments"));
}
