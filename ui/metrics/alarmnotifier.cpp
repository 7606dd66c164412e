#include "ui/metrics/alarmnotifier.h"

#include "ui/agent/agentservice.h"

#include <QApplication>
#include <QStyle>
#include <QSystemTrayIcon>

namespace runnel::ui {

AlarmNotifier *AlarmNotifier::forAgent(AgentService *agent)
{
    if (auto *existing = agent->findChild<AlarmNotifier *>(QString(), Qt::FindDirectChildrenOnly))
        return existing;
    return new AlarmNotifier(agent);
}

AlarmNotifier::AlarmNotifier(AgentService *agent)
    : QObject(agent)
    , m_agent(agent)
    , m_startedAt(QDateTime::currentDateTimeUtc())
{
    connect(&m_poll, &QTimer::timeout, this, &AlarmNotifier::poll);
    m_poll.start(30000);
}

void AlarmNotifier::setTrayIcon(QSystemTrayIcon *icon)
{
    m_tray = icon;
}

bool AlarmNotifier::notifiesDesktop() const
{
    return QSystemTrayIcon::isSystemTrayAvailable() && QSystemTrayIcon::supportsMessages();
}

void AlarmNotifier::setPollInterval(int ms)
{
    if (ms <= 0)
        m_poll.stop();
    else
        m_poll.start(ms);
}

void AlarmNotifier::poll()
{
    if (m_polling)
        return;
    m_polling = true;
    m_agent->call(QStringLiteral("DescribeAlarms"), {}, this, [this](const AgentReply &reply) {
        m_polling = false;
        if (!reply.ok)
            return; // the dashboards say why; a notifier has no place for sentences
        QString error;
        const QList<AlarmInfo> alarms = parseDescribeAlarms(reply.result, &error);
        if (error.isEmpty())
            observe(alarms);
    });
}

void AlarmNotifier::observe(const QList<AlarmInfo> &alarms)
{
    const QString alarm = QString::fromUtf16(alarmstate::kAlarm);
    for (const AlarmInfo &a : alarms) {
        const auto it = m_seen.constFind(a.name);
        bool raised = false;
        if (a.state == alarm) {
            if (it == m_seen.constEnd())
                raised = a.stateUpdated.isValid() && a.stateUpdated >= m_startedAt;
            else
                raised = it->state != alarm
                         || (a.stateUpdated.isValid() && it->updated.isValid()
                             && a.stateUpdated > it->updated);
        }
        m_seen.insert(a.name, {a.state, a.stateUpdated});
        if (raised)
            notify(a);
    }
}

void AlarmNotifier::notify(const AlarmInfo &alarm)
{
    if (notifiesDesktop()) {
        if (!m_tray) {
            auto *icon = new QSystemTrayIcon(this);
            const QIcon appIcon = QApplication::windowIcon();
            icon->setIcon(appIcon.isNull()
                              ? QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning)
                              : appIcon);
            icon->setToolTip(tr("Runnel alarms"));
            icon->show();
            m_tray = icon;
        }
        m_tray->showMessage(tr("Alarm “%1” is in ALARM").arg(alarm.name),
                            alarm.stateReason.isEmpty() ? alarmConditionText(alarm)
                                                        : alarm.stateReason,
                            QSystemTrayIcon::Warning,
                            15000);
    }
    emit alarmRaised(alarm);
}

} // namespace runnel::ui
