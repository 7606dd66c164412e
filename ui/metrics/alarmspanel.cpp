#include "ui/metrics/alarmspanel.h"

#include "ui/agent/agentservice.h"
#include "ui/charts/valueformat.h"
#include "ui/metrics/alarmnotifier.h"
#include "ui/models/alarmhistorymodel.h"
#include "ui/models/alarmlistmodel.h"
#include "ui/models/metriccatalog.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace runnel::ui {

namespace {
QTableView *makeTable(QAbstractItemModel *model, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setSortingEnabled(true);
    view->verticalHeader()->hide();
    // Few rows (alarms of one scope, 100 history items): columns fit their contents.
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setWordWrap(false);
    return view;
}
} // namespace

AlarmsPanel::AlarmsPanel(AgentService *agent, MetricScope scope, QWidget *parent)
    : QWidget(parent)
    , m_agent(agent)
    , m_scope(std::move(scope))
    , m_alarms(new AlarmListModel(this))
    , m_history(new AlarmHistoryModel(this))
    , m_alarmProxy(new QSortFilterProxyModel(this))
{
    m_alarms->setThresholdFormatter([](const AlarmInfo &a) {
        const MetricDefinition *def
            = findMetricDefinition(a.metricName, dimensionNames(a.dimensions));
        return def ? formatMetricValue(a.threshold, def->unit) : QString();
    });
    m_alarmProxy->setSourceModel(m_alarms);
    m_alarmProxy->setSortRole(AlarmListModel::SortRole);
    auto *historyProxy = new QSortFilterProxyModel(this);
    historyProxy->setSourceModel(m_history);
    historyProxy->setSortRole(AlarmHistoryModel::SortRole);

    m_create = new QPushButton(tr("&Create alarm…"), this);
    m_delete = new QPushButton(tr("&Delete"), this);
    m_delete->setEnabled(false);
    m_create->setObjectName(QStringLiteral("createAlarm"));
    m_delete->setObjectName(QStringLiteral("deleteAlarm"));
    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->hide();

    m_alarmView = makeTable(m_alarmProxy, this);
    m_alarmView->sortByColumn(AlarmListModel::StateColumn, Qt::AscendingOrder);
    m_alarmView->setAccessibleName(tr("Alarms"));
    m_historyView = makeTable(historyProxy, this);
    m_historyView->sortByColumn(AlarmHistoryModel::TimeColumn, Qt::DescendingOrder);
    m_historyView->setAccessibleName(tr("Alarm history"));
    m_historyTitle = new QLabel(tr("History of all alarms"), this);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_create);
    buttons->addWidget(m_delete);
    buttons->addStretch();

    auto *historyBox = new QWidget(this);
    auto *historyLayout = new QVBoxLayout(historyBox);
    historyLayout->setContentsMargins(0, 0, 0, 0);
    historyLayout->addWidget(m_historyTitle);
    historyLayout->addWidget(m_historyView);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_alarmView);
    split->addWidget(historyBox);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(m_error);
    layout->addWidget(split, 1);

    connect(m_create, &QPushButton::clicked, this, [this] { openCreateDialog(); });
    connect(m_delete, &QPushButton::clicked, this, &AlarmsPanel::deleteSelected);
    connect(m_alarmView->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        m_delete->setEnabled(!selectedAlarm().isEmpty());
        refreshHistory();
    });
}

void AlarmsPanel::setMetricChoices(const QList<AlarmMetricChoice> &choices)
{
    m_choices = choices;
}

QString AlarmsPanel::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

AlarmDialog *AlarmsPanel::openCreateDialog(const MetricIdentity &metric)
{
    QStringList names;
    for (const AlarmInfo &a : m_alarms->alarms())
        names.append(a.name);
    auto *dialog = new AlarmDialog(m_choices, names, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!metric.metricName.isEmpty())
        dialog->selectMetric(metric);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { createAlarm(dialog->alarm()); });
    dialog->open();
    return dialog;
}

void AlarmsPanel::refresh()
{
    if (m_refreshing)
        return;
    m_refreshing = true;
    m_agent->call(QStringLiteral("DescribeAlarms"), {}, this, [this](const AgentReply &reply) {
        m_refreshing = false;
        if (!reply.ok) {
            showError(tr("Alarms could not be loaded: %1").arg(reply.message));
            return;
        }
        QString error;
        const QList<AlarmInfo> all = parseDescribeAlarms(reply.result, &error);
        if (!error.isEmpty()) {
            showError(error);
            return;
        }
        QList<AlarmInfo> mine;
        for (const AlarmInfo &a : all) {
            if (m_scope.contains(a.dimensions))
                mine.append(a);
        }
        showError({});
        m_alarms->setAlarms(mine);
        AlarmNotifier::forAgent(m_agent)->observe(all);
        emit alarmsUpdated(mine);
        refreshHistory();
    });
}

void AlarmsPanel::refreshHistory()
{
    if (m_historyLoading)
        return;
    const QString alarm = selectedAlarm();
    m_historyTitle->setText(alarm.isEmpty() ? tr("History of all alarms")
                                            : tr("History of “%1”").arg(alarm));
    m_historyLoading = true;
    m_agent->call(QStringLiteral("DescribeAlarmHistory"),
                  describeAlarmHistoryParams(alarm),
                  this,
                  [this, alarm](const AgentReply &reply) {
                      m_historyLoading = false;
                      if (!reply.ok) {
                          showError(tr("Alarm history could not be loaded: %1").arg(reply.message));
                          return;
                      }
                      QString error;
                      QList<AlarmHistoryItem> items
                          = parseDescribeAlarmHistory(reply.result, &error);
                      if (!error.isEmpty()) {
                          showError(error);
                          return;
                      }
                      // Only this scope's alarms (the agent's list holds every cluster's).
                      QStringList names;
                      for (const AlarmInfo &a : m_alarms->alarms())
                          names.append(a.name);
                      items.removeIf([&names](const AlarmHistoryItem &i) {
                          return !names.contains(i.alarmName);
                      });
                      m_history->setItems(items);
                      if (alarm != selectedAlarm())
                          refreshHistory(); // the selection moved while we waited
                  });
}

void AlarmsPanel::deleteSelected()
{
    const QString name = selectedAlarm();
    if (name.isEmpty())
        return;
    auto *box = new QMessageBox(QMessageBox::Question,
                                tr("Delete alarm"),
                                tr("Delete the alarm “%1” and its history?").arg(name),
                                QMessageBox::Yes | QMessageBox::Cancel,
                                this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setDefaultButton(QMessageBox::Cancel);
    connect(box, &QMessageBox::finished, this, [this, name](int result) {
        if (result != QMessageBox::Yes)
            return;
        m_agent->call(
            QStringLiteral("DeleteAlarms"),
            deleteAlarmsParams({name}),
            this,
            [this, name](const AgentReply &reply) {
                if (!reply.ok)
                    showError(
                        tr("The alarm “%1” could not be deleted: %2").arg(name, reply.message));
                emit alarmChangeFinished(reply.ok);
                refresh();
            });
    });
    box->open();
}

void AlarmsPanel::createAlarm(const AlarmInfo &alarm)
{
    m_agent->call(
        QStringLiteral("PutMetricAlarm"),
        putMetricAlarmParams(alarm),
        this,
        [this, name = alarm.name](const AgentReply &reply) {
            if (!reply.ok)
                showError(tr("The alarm “%1” could not be created: %2").arg(name, reply.message));
            emit alarmChangeFinished(reply.ok);
            refresh();
        });
}

void AlarmsPanel::showError(const QString &text)
{
    m_error->setText(text);
    m_error->setVisible(!text.isEmpty());
}

QString AlarmsPanel::selectedAlarm() const
{
    const QModelIndexList rows = m_alarmView->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(AlarmListModel::AlarmNameRole).toString();
}

} // namespace runnel::ui
