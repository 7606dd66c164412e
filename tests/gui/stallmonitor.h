#pragma once

// StallMonitor: how long the GUI thread was unable to run its event loop. A 10 ms timer
// records how late each tick arrives; the worst lateness is the longest stall.

#include <QElapsedTimer>
#include <QObject>
#include <QTest>
#include <QTimer>

class StallMonitor : public QObject
{
public:
    explicit StallMonitor(QObject *parent = nullptr)
        : QObject(parent)
    {
        m_timer.setParent(this); // moves with the monitor to another thread
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(kIntervalMs);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.elapsed();
            const qint64 late = now - m_last - kIntervalMs;
            if (late > m_worst) {
                m_worst = late;
                m_where = QString::fromLatin1(
                    QTest::currentTestFunction() ? QTest::currentTestFunction() : "");
            }
            m_last = now;
        });
    }
    void start()
    {
        m_clock.start();
        m_last = 0;
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    qint64 worstStallMs() const { return m_worst; }
    QString worstStallWhere() const { return m_where; } // the test function it happened in

private:
    static constexpr int kIntervalMs = 10;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_worst = 0;
    QString m_where;
};
