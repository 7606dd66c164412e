#include "ui/app/screenshottour.h"

#include "ui/agent/agentservice.h"
#include "ui/app/auditview.h"
#include "ui/app/brokerlogdialog.h"
#include "ui/app/clientinfodialog.h"
#include "ui/app/clusterpage.h"
#include "ui/app/connectiondialog.h"
#include "ui/app/connectionstore.h"
#include "ui/app/createclusterwizard.h"
#include "ui/app/deleteclusterdialog.h"
#include "ui/app/mainwindow.h"
#include "ui/app/updateconfigurationdialog.h"
#include "ui/models/brokermodel.h"
#include "ui/models/clusterlistmodel.h"

#include <QApplication>
#include <QDir>
#include <QLineEdit>
#include <QPixmap>
#include <QTabWidget>
#include <QTimer>

#include <cstdio>

namespace runnel::ui {

ScreenshotTour::ScreenshotTour(
    MainWindow *window, AgentService *agent, QString directory, QString language, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_agent(agent)
    , m_dir(std::move(directory))
    , m_language(std::move(language))
    , m_cluster(qEnvironmentVariable("RUNNEL_SCREENSHOT_CLUSTER", QStringLiteral("demo")))
{}

void ScreenshotTour::add(std::function<void()> action, int settleMs, std::function<bool()> ready)
{
    m_steps.append({std::move(ready), std::move(action), settleMs});
}

void ScreenshotTour::shoot(QWidget *widget, const QString &name)
{
    if (!widget) {
        m_failures << name;
        return;
    }
    const QString path = QDir(m_dir).filePath(name + QStringLiteral(".png"));
    if (widget->grab().save(path)) {
        ++m_written;
        std::printf("wrote %s\n", qPrintable(path));
    } else {
        m_failures << name;
    }
}

void ScreenshotTour::start()
{
    QDir().mkpath(m_dir);
    m_window->resize(1280, 800);
    const auto arn = [this]() -> QString {
        auto *model = m_window->clusterModel();
        for (int i = 0; i < model->localCount(); ++i) {
            const auto index = model->index(i, 0);
            if (index.data().toString() == m_cluster)
                return index.data(ClusterListModel::KeyRole).toString();
        }
        return {};
    };
    const auto page = [this, arn]() {
        return m_window->clusterPage(arn());
    };
    auto wizard = std::make_shared<QPointer<CreateClusterWizard>>();
    auto dialog = std::make_shared<QPointer<QWidget>>();
    const auto closeDialog = [dialog] {
        if (*dialog)
            (*dialog)->close();
    };

    add([this] { shoot(m_window, QStringLiteral("01-welcome")); },
        300,
        [this, arn] { return !arn().isEmpty(); });
    add([this, wizard] {
        *wizard = m_window->openCreateWizard();
        (*wizard)->resize(900, 680);
        (*wizard)->setClusterName(QStringLiteral("orders"));
        (*wizard)->next();
    });
    add([this, wizard] { shoot(*wizard, QStringLiteral("02-wizard-quick")); });
    add([wizard] {
        (*wizard)->restart();
        (*wizard)->setQuickCreate(false);
        (*wizard)->next();
    });
    add([this, wizard] { shoot(*wizard, QStringLiteral("03-wizard-cluster-settings")); });
    add([wizard] {
        for (int i = 0; i < 4; ++i)
            (*wizard)->next();
    });
    add([this, wizard] { shoot(*wizard, QStringLiteral("04-wizard-review")); });
    add([wizard] { (*wizard)->close(); });
    add([this, arn] { m_window->selectCluster(arn()); }, 2500);
    add([this] { shoot(m_window, QStringLiteral("05-cluster-overview")); },
        300,
        [page] {
            return page() && page()->state() == QLatin1String("ACTIVE")
                   && page()->brokerModel()->rowCount() > 0;
        });
    add([page] { page()->tabs()->setCurrentIndex(1); });
    add([this] { shoot(m_window, QStringLiteral("06-cluster-brokers")); });
    add([this, page, dialog] {
        auto *d = new ClientInfoDialog(
            page()->connectionSettings(),
            {{tr("Plaintext"), page()->connectionSettings().bootstrapServers}},
            m_window);
        d->setAttribute(Qt::WA_DeleteOnClose);
        d->show();
        *dialog = d;
    });
    add([this, dialog] { shoot(*dialog, QStringLiteral("07-client-information")); });
    add(
        [this, page, dialog, closeDialog] {
            closeDialog();
            const auto *b = page()->brokerModel()->brokers().isEmpty()
                                ? nullptr
                                : &page()->brokerModel()->brokers().first();
            auto *d = new BrokerLogDialog(
                b ? b->logFile : QString(), QStringLiteral("%1 — 1").arg(m_cluster), m_window);
            d->setAttribute(Qt::WA_DeleteOnClose);
            d->show();
            *dialog = d;
        },
        1500);
    add([this, dialog] { shoot(*dialog, QStringLiteral("08-broker-log")); });
    add(
        [this, page, dialog, closeDialog, arn] {
            closeDialog();
            auto *d = new UpdateConfigurationDialog(m_agent, arn(), m_cluster, m_window);
            d->setAttribute(Qt::WA_DeleteOnClose);
            d->show();
            *dialog = d;
        },
        1200);
    add([this, dialog] { shoot(*dialog, QStringLiteral("09-update-configuration")); });
    add([this, dialog, closeDialog] {
        closeDialog();
        auto *d = new DeleteClusterDialog(m_cluster, m_window);
        d->setAttribute(Qt::WA_DeleteOnClose);
        d->confirmationField()->setText(m_cluster);
        d->show();
        *dialog = d;
    });
    add([this, dialog] { shoot(*dialog, QStringLiteral("10-delete-confirmation")); });
    add(
        [this, closeDialog] {
            closeDialog();
            m_window->showAuditLog();
        },
        1500);
    add([this] { shoot(m_window, QStringLiteral("11-audit-log")); });
    add([this, dialog, page] {
        auto *d = new ConnectionDialog(m_window->connectionStore(), std::nullopt, m_window);
        d->setAttribute(Qt::WA_DeleteOnClose);
        ConnectionSettings s;
        s.name = QStringLiteral("staging");
        s.bootstrapServers = page()->connectionSettings().bootstrapServers;
        s.security = ConnectionSettings::Security::SaslSsl;
        s.username = QStringLiteral("alice");
        s.password = QStringLiteral("example");
        d->setSettings(s);
        d->show();
        *dialog = d;
    });
    add([this, dialog] { shoot(*dialog, QStringLiteral("12-add-connection")); });
    add(
        [this, closeDialog, page] {
            closeDialog();
            ConnectionSettings s;
            s.name = QStringLiteral("external-%1").arg(m_cluster);
            s.bootstrapServers = page()->connectionSettings().bootstrapServers;
            m_window->connectionStore()->save(s, this, [](bool, const QString &) {});
        },
        500);
    add(
        [this] {
            const QString key = QStringLiteral("external-%1").arg(m_cluster);
            m_window->selectCluster(key);
        },
        3000);
    add([this] { shoot(m_window, QStringLiteral("13-external-cluster")); });
    add(
        [this] {
            m_window->connectionStore()->remove(QStringLiteral("external-%1").arg(m_cluster));
            if (!m_failures.isEmpty())
                std::fprintf(stderr,
                             "runnel: could not render %s\n",
                             qPrintable(m_failures.join(QStringLiteral(", "))));
            emit done(m_failures.isEmpty() && m_written > 0 ? 0 : 1);
        },
        0);
    QTimer::singleShot(500, this, &ScreenshotTour::runNext);
}

void ScreenshotTour::runNext()
{
    if (m_next >= m_steps.size())
        return;
    Step &step = m_steps[m_next];
    if (step.ready && !step.ready()) {
        m_waitedMs += 200;
        if (m_waitedMs > 60000) {
            std::fprintf(
                stderr,
                "runnel: the screenshot tour waited 60 s for step %d (is cluster %s ACTIVE?)\n",
                m_next,
                qPrintable(m_cluster));
            emit done(1);
            return;
        }
        QTimer::singleShot(200, this, &ScreenshotTour::runNext);
        return;
    }
    m_waitedMs = 0;
    const int settle = step.settleMs;
    step.action();
    ++m_next;
    QTimer::singleShot(settle, this, &ScreenshotTour::runNext);
}

} // namespace runnel::ui
