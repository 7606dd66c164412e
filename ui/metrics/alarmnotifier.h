#pragma once

// AlarmNotifier tells the user when an alarm goes to ALARM: a desktop notification
// through QSystemTrayIcon::showMessage when the desktop has a tray, and in every case
// the alarmRaised signal, on which dashboards show an in-window banner when there is no
// tray. There is one per AgentService (forAgent), so two dashboards that both show an
// alarm do not notify twice. It polls DescribeAlarms itself (every 30 s by default) so a
// notification comes even when no dashboard is open, and dashboards hand it the alarms
// they fetch (observe) so it learns of changes sooner. GUI thread only.

#include "ui/models/alarminfo.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QSystemTrayIcon;

namespace runnel::ui {

class AgentService;

class AlarmNotifier : public QObject
{
    Q_OBJECT

public:
    // The notifier of `agent`, created (as its child) on first use.
    static AlarmNotifier *forAgent(AgentService *agent);

    // Notifications go through this icon (the main window's) instead of one of our own.
    void setTrayIcon(QSystemTrayIcon *icon);
    // True when notifications reach the desktop; dashboards show a banner otherwise.
    bool notifiesDesktop() const;

    // 0 stops polling.
    void setPollInterval(int ms);
    int pollInterval() const { return m_poll.isActive() ? m_poll.interval() : 0; }

    // Learns the alarms' current states; emits alarmRaised for every alarm that went to
    // ALARM since it was last seen (or, seen for the first time, after this notifier
    // started — an alarm already firing when the console opened is not news).
    void observe(const QList<AlarmInfo> &alarms);

signals:
    void alarmRaised(const runnel::ui::AlarmInfo &alarm);

private:
    explicit AlarmNotifier(AgentService *agent);
    void poll();
    void notify(const AlarmInfo &alarm);

    struct Seen
    {
        QString state;
        QDateTime updated;
    };

    AgentService *m_agent;
    QTimer m_poll;
    bool m_polling = false;
    QDateTime m_startedAt;
    QHash<QString, Seen> m_seen;
    QPointer<QSystemTrayIcon> m_tray;
};

} // namespace runnel::ui
