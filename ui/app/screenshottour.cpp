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
#include "ui/app/updatebrokersdialog.h"
#include "ui/app/updateconfigurationdialog.h"
#include "ui/data/groupspage.h"
#include "ui/data/messagespage.h"
#include "ui/data/topicspage.h"
#include "ui/metrics/metricsdashboard.h"
#include "ui/models/brokermodel.h"
#include "ui/models/clusterlistmodel.h"
#include "ui/models/groupmodels.h"
#include "ui/models/messagemodel.h"
#include "ui/models/topiclistmodel.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QLineEdit>
#include <QPixmap>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>

#include <cstdio>

namespace runnel::ui {

namespace {

// A local cluster page's tabs, in the order ClusterPage and addClusterAreas add them.
enum ClusterTab {
    kOverviewTab,
    kBrokersTab,
    kSecurityTab,
    kTopicsTab,
    kMessagesTab,
    kGroupsTab,
    kMetricsTab
};

} // namespace

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
    const auto arnOf = [this](const QString &name) -> QString {
        auto *model = m_window->clusterModel();
        for (int i = 0; i < model->localCount(); ++i) {
            const auto index = model->index(i, 0);
            if (index.data().toString() == name)
                return index.data(ClusterListModel::KeyRole).toString();
        }
        return {};
    };
    const auto arn = [this, arnOf] {
        return arnOf(m_cluster);
    };
    // The security tab is shown on a cluster with SASL/SCRAM and TLS when the script made
    // one (RUNNEL_SCREENSHOT_SECURE_CLUSTER, default "secure"), else on the main one.
    const QString secureName
        = qEnvironmentVariable("RUNNEL_SCREENSHOT_SECURE_CLUSTER", QStringLiteral("secure"));
    const auto secureArn = [arn, arnOf, secureName] {
        const QString secure = arnOf(secureName);
        return secure.isEmpty() ? arn() : secure;
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

    add([this] { shoot(m_window, QStringLiteral("01-cluster-list")); },
        300,
        [this, arn] { return !arn().isEmpty(); });
    add([this, wizard] {
        *wizard = m_window->openCreateWizard();
        (*wizard)->resize(900, 720);
        (*wizard)->setClusterName(QStringLiteral("orders"));
        (*wizard)->next();
    });
    add([this, wizard] { shoot(*wizard, QStringLiteral("02-wizard-quick")); });
    add([wizard] {
        (*wizard)->restart();
        (*wizard)->setQuickCreate(false);
        (*wizard)->next();
        (*wizard)->setBrokerCount(3);
        (*wizard)->setStorageText(QStringLiteral("500"));
    });
    add([this, wizard] { shoot(*wizard, QStringLiteral("03-wizard-cluster-settings")); });
    add([wizard] { (*wizard)->next(); });
    add([this, wizard] { shoot(*wizard, QStringLiteral("04-wizard-networking")); });
    add([wizard] {
        (*wizard)->next();
        (*wizard)->setClientAuthentication(false, true, true);
        (*wizard)->setEncryptionInTransit(QStringLiteral("TLS"), true);
    });
    add([this, wizard] { shoot(*wizard, QStringLiteral("05-wizard-security")); });
    add([wizard] { (*wizard)->next(); });
    add([this, wizard] { shoot(*wizard, QStringLiteral("06-wizard-monitoring")); });
    add([wizard] { (*wizard)->next(); });
    add([this, wizard] { shoot(*wizard, QStringLiteral("07-wizard-review")); });
    add([wizard] { (*wizard)->close(); });
    add([this, arn] { m_window->selectCluster(arn()); }, 2500);
    add([this] { shoot(m_window, QStringLiteral("08-cluster-overview")); },
        300,
        [page] {
            return page() && page()->state() == QLatin1String("ACTIVE")
                   && page()->brokerModel()->rowCount() > 0;
        });
    add([page] { page()->tabs()->setCurrentIndex(kBrokersTab); }, 1500);
    add([this] { shoot(m_window, QStringLiteral("09-cluster-brokers")); });
    add(
        [this, secureArn] {
            m_window->selectCluster(secureArn());
            if (auto *secure = m_window->clusterPage(secureArn()))
                secure->tabs()->setCurrentIndex(kSecurityTab);
        },
        3000);
    add([this] { shoot(m_window, QStringLiteral("10-security")); });
    add(
        [this, arn, page] {
            m_window->selectCluster(arn());
            page()->tabs()->setCurrentIndex(kTopicsTab);
        },
        500);
    add([page] { page()->findChild<TopicsPage *>()->selectTopic(QStringLiteral("orders")); },
        1500,
        [page] {
            auto *topics = page()->findChild<TopicsPage *>();
            // Listed twice (for the in-rate) and sized by the brokers.
            return topics && topics->topicModel()->inRate(QStringLiteral("payments")) >= 0
                   && topics->topicModel()->sizeBytes(QStringLiteral("orders")) > 0;
        });
    add([this] { shoot(m_window, QStringLiteral("11-topics")); });
    add([page] { page()->tabs()->setCurrentIndex(kMessagesTab); }, 1000);
    add([page] { page()->findChild<MessagesPage *>()->openTopic(QStringLiteral("orders")); },
        500,
        [page] { return page()->findChild<MessagesPage *>() != nullptr; });
    add(
        [page] {
            auto *messages = page()->findChild<MessagesPage *>();
            messages->messageView()->selectRow(2);
        },
        1000,
        [page] {
            auto *messages = page()->findChild<MessagesPage *>();
            return messages->messageModel()->rowCount() > 2
                   && messages->messageModel()->isLoaded(2);
        });
    add([this] { shoot(m_window, QStringLiteral("12-messages")); });
    add([page] { page()->tabs()->setCurrentIndex(kGroupsTab); }, 500);
    add([page] { page()->findChild<GroupsPage *>()->selectGroup(QStringLiteral("billing")); },
        2500,
        [page] {
            auto *groups = page()->findChild<GroupsPage *>();
            return groups && groups->groupModel()->rowOf(QStringLiteral("billing")) >= 0;
        });
    add([this] { shoot(m_window, QStringLiteral("13-consumer-groups")); });
    add([page] { page()->tabs()->setCurrentIndex(kMetricsTab); }, 500);
    // The cluster dashboard of the Metrics tab (the groups tab has a group's own), over the
    // last minutes: the cluster is as old as the tour.
    const auto dashboard = [page]() -> MetricsDashboard * {
        QWidget *tab = page()->tabs()->widget(kMetricsTab);
        return tab ? tab->findChild<MetricsDashboard *>() : nullptr;
    };
    add(
        [dashboard] {
            const QDateTime now = QDateTime::currentDateTime();
            dashboard()->setPeriod(10);
            dashboard()->setCustomRange(now.addSecs(-180), now.addSecs(10));
        },
        4000,
        [dashboard] { return dashboard() != nullptr; });
    add([this] { shoot(m_window, QStringLiteral("14-metrics")); });
    add([page] { page()->tabs()->setCurrentIndex(kOverviewTab); });
    add([this, page, dialog] {
        auto *d = new ClientInfoDialog(
            page()->connectionSettings(),
            {{tr("Plaintext"), page()->connectionSettings().bootstrapServers}},
            m_window);
        d->setAttribute(Qt::WA_DeleteOnClose);
        d->show();
        *dialog = d;
    });
    add([this, dialog] { shoot(*dialog, QStringLiteral("15-client-information")); });
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
    add([this, dialog] { shoot(*dialog, QStringLiteral("16-broker-log")); });
    add(
        [this, dialog, closeDialog, arn] {
            closeDialog();
            auto *d = new UpdateConfigurationDialog(m_agent, arn(), m_cluster, m_window);
            d->setAttribute(Qt::WA_DeleteOnClose);
            d->show();
            *dialog = d;
        },
        1200);
    add([this, dialog] { shoot(*dialog, QStringLiteral("17-update-configuration")); });
    add(
        [page, dialog, closeDialog] {
            closeDialog();
            *dialog = page()->openUpdateStorage();
        },
        800);
    add([this, dialog] { shoot(*dialog, QStringLiteral("18-update-storage")); });
    add(
        [page, dialog, closeDialog] {
            closeDialog();
            *dialog = page()->openAddBrokers();
        },
        800);
    add([this, dialog] { shoot(*dialog, QStringLiteral("19-add-brokers")); });
    add([this, dialog, closeDialog] {
        closeDialog();
        auto *d = new DeleteClusterDialog(m_cluster, m_window);
        d->setAttribute(Qt::WA_DeleteOnClose);
        d->confirmationField()->setText(m_cluster);
        d->show();
        *dialog = d;
    });
    add([this, dialog] { shoot(*dialog, QStringLiteral("20-delete-confirmation")); });
    add(
        [this, closeDialog] {
            closeDialog();
            m_window->showAuditLog();
        },
        1500);
    add([this] { shoot(m_window, QStringLiteral("21-audit-log")); });
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
    add([this, dialog] { shoot(*dialog, QStringLiteral("22-add-connection")); });
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
    add([this] { shoot(m_window, QStringLiteral("23-external-cluster")); });
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
