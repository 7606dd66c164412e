#pragma once

// ScreenshotTour: drives the real console through its main screens — welcome, the
// wizard's quick and custom pages, a cluster's overview and brokers, client information,
// a broker's log, update configuration, delete confirmation, the audit log, the add-
// connection dialog and an external connection's page — and writes each as a PNG.
// Used by `runnel --screenshots DIR` (scripts/screenshots.sh). Expects the agent to have
// an ACTIVE cluster named by RUNNEL_SCREENSHOT_CLUSTER (default "demo").

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
