#pragma once

// ScreenshotTour: drives the real console through its main screens — the cluster list,
// every page of the create wizard (quick; custom: settings, networking, security,
// monitoring, review), a cluster's overview, brokers, security, topics, message browser
// with a record's detail, consumer groups, metrics dashboard, client information, a
// broker's log, update configuration, update storage, add brokers, delete confirmation,
// the audit log, the add-connection dialog and an external connection's page — and
// writes each as a PNG. Used by `runnel --screenshots DIR` (scripts/screenshots.sh).
// Expects the agent to have an ACTIVE cluster named by RUNNEL_SCREENSHOT_CLUSTER (default
// "demo"); its data screens look for the topic "orders" and the group "billing" that
// the script creates.

#include <QList>
#include <QObject>
#include <QString>

#include <functional>

namespace runnel::ui {

class AgentService;
class MainWindow;

class ScreenshotTour : public QObject
{
    Q_OBJECT

public:
    ScreenshotTour(MainWindow *window,
                   AgentService *agent,
                   QString directory,
                   QString language,
                   QObject *parent = nullptr);
    void start();

signals:
    void done(int exitCode);

private:
    struct Step
    {
        std::function<bool()> ready; // polled until true (or the tour gives up)
        std::function<void()> action;
        int settleMs = 700;
    };
    void add(std::function<void()> action, int settleMs = 700, std::function<bool()> ready = {});
    void shoot(QWidget *widget, const QString &name);
    void runNext();

    MainWindow *m_window;
    AgentService *m_agent;
    QString m_dir;
    QString m_language;
    QString m_cluster;
    QList<Step> m_steps;
    int m_next = 0;
    int m_waitedMs = 0;
    int m_written = 0;
    QStringList m_failures;
};

} // namespace runnel::ui
