#pragma once

// StallMonitor: how long a thread (the GUI thread, in the console tests) could not run
// its event loop. A 10 ms timer records how late each tick arrives. Two figures are
// kept: the raw lateness, and the lateness minus the time the kernel kept the thread
// waiting for a CPU (run_delay in /proc/thread-self/schedstat). On a machine whose two
// cores are shared with builds, brokers and clients, that wait is not the console's
// doing; anything the thread does or blocks on itself still counts. Tests bound the
// second ("own") figure and print both.

#include <QElapsedTimer>
#include <QFile>
#include <QObject>
#include <QString>
#include <QTest>
#include <QTimer>

#include <algorithm>

class StallMonitor : public QObject
{
public:
    explicit StallMonitor(QObject *parent = nullptr)
        : QObject(parent)
    {
        m_timer.setParent(this); // moves with the monitor to another thread
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(kIntervalMs);
        connect(&m_timer, &QTimer::timeout, this, [this] { tick(); });
    }

    void start()
    {
        restartClocks();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    // The test's own blocking work (starting a broker, encoding a screenshot, checking
    // every row) is not the console's: it is left out until resume().
    void pause() { m_paused = true; }
    void resume()
    {
        m_paused = false;
        restartClocks();
    }
    // Names what follows, for the report (the current test function when never set), and
    // measures it: after a pause, this resumes.
    void setPhase(const QString &phase)
    {
        m_phase = phase;
        if (m_paused)
            resume();
    }

    qint64 worstMs() const { return m_worst; }       // minus the wait for a CPU
    qint64 worstRawMs() const { return m_worstRaw; } // as the timer saw it
    QString where() const { return m_where; }

private:
    static constexpr int kIntervalMs = 10;
    static constexpr qint64 kReportMs = 50;

    void tick()
    {
        const qint64 late = m_clock.restart() - kIntervalMs;
        const qint64 delay = runDelayMs();
        const qint64 own = late - (delay - m_lastDelay);
        m_lastDelay = delay;
        if (m_paused)
            return;
        const QString phase = m_phase.isEmpty() && QTest::currentTestFunction()
                                  ? QString::fromLatin1(QTest::currentTestFunction())
                                  : m_phase;
        if (late >= kReportMs)
            qInfo("thread late by %lld ms (%lld ms of it its own) during %s",
                  static_cast<long long>(late),
                  static_cast<long long>(own),
                  qPrintable(phase));
        m_worstRaw = std::max(m_worstRaw, late);
        if (own > m_worst) {
            m_worst = own;
            m_where = phase;
        }
    }
    void restartClocks()
    {
        m_clock.start();
        m_lastDelay = runDelayMs();
    }
    static qint64 runDelayMs()
    {
        // "<on-cpu ns> <run-queue wait ns> <slices>"; 0 where the kernel does not keep it.
        QFile f(QStringLiteral("/proc/thread-self/schedstat"));
        if (!f.open(QIODevice::ReadOnly))
            return 0;
        const QList<QByteArray> fields = f.readAll().split(' ');
        return fields.size() >= 2 ? fields.at(1).toLongLong() / 1000000 : 0;
    }

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastDelay = 0;
    bool m_paused = false;
    qint64 m_worst = 0;
    qint64 m_worstRaw = 0;
    QString m_phase;
    QString m_where;
};
