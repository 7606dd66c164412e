#include "ui/app/auditview.h"

#include "ui/agent/agentservice.h"
#include "ui/models/auditmodel.h"

#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace runnel::ui {

class AuditFilter : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    QString operation, cluster, text;
    int result = 0; // 0 all, 1 success, 2 failures

    void changed() { invalidateFilter(); }

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override
    {
        const auto *m = sourceModel();
        const auto cell = [&](int column) {
            return m->index(row, column, parent).data().toString();
        };
        if (!operation.isEmpty() && cell(AuditModel::OperationColumn) != operation)
            return false;
        if (!cluster.isEmpty()
            && !cell(AuditModel::ClusterColumn).contains(cluster, Qt::CaseInsensitive))
            return false;
        const bool success = m->index(row, 0, parent).data(AuditModel::SuccessRole).toBool();
        if ((result == 1 && !success) || (result == 2 && success))
            return false;
        if (!text.isEmpty()) {
            bool any = false;
            for (int c = 0; c < AuditModel::ColumnCount && !any; ++c)
                any = cell(c).contains(text, Qt::CaseInsensitive);
            any = any
                  || m->index(row, 0, parent)
                         .data(Qt::ToolTipRole)
                         .toString()
                         .contains(text, Qt::CaseInsensitive);
            if (!any)
                return false;
        }
        return true;
    }
};

AuditView::AuditView(AgentService *agent, QWidget *parent)
    : QWidget(parent)
    , m_agent(agent)
    , m_model(new AuditModel(this))
    , m_filter(new AuditFilter(this))
    , m_operation(new QComboBox(this))
    , m_result(new QComboBox(this))
    , m_cluster(new QLineEdit(this))
    , m_search(new QLineEdit(this))
    , m_status(new QLabel(this))
    , m_table(new QTableView(this))
    , m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("auditView"));
    auto *layout = new QVBoxLayout(this);
    auto *title = new QLabel(tr("Audit log"), this);
    QFont f = title->font();
    f.setPointSizeF(f.pointSizeF() * 1.5);
    f.setBold(true);
    title->setFont(f);
    layout->addWidget(title);
    layout->addWidget(new QLabel(
        tr("Every change made through the agent — accepted or refused — with its caller and "
           "parameters (secrets redacted)."),
        this));
    auto *row = new QHBoxLayout;
    m_operation->addItem(tr("All operations"), QString());
    for (const char *op : {"CreateClusterV2",
                           "DeleteCluster",
                           "RebootBroker",
                           "HealBroker",
                           "ResumeCluster",
                           "UpdateClusterConfiguration",
                           "CreateConfiguration",
                           "UpdateConfiguration"})
        m_operation->addItem(QString::fromLatin1(op), QString::fromLatin1(op));
    m_result->addItem(tr("All results"));
    m_result->addItem(tr("Succeeded"));
    m_result->addItem(tr("Refused or failed"));
    m_cluster->setPlaceholderText(tr("Cluster"));
    m_cluster->setClearButtonEnabled(true);
    m_search->setPlaceholderText(tr("Search"));
    m_search->setClearButtonEnabled(true);
    auto *exportJson = new QPushButton(tr("Export JSON…"), this);
    auto *exportCsv = new QPushButton(tr("Export CSV…"), this);
    row->addWidget(m_operation);
    row->addWidget(m_result);
    row->addWidget(m_cluster);
    row->addWidget(m_search, 1);
    row->addWidget(exportJson);
    row->addWidget(exportCsv);
    layout->addLayout(row);
    m_filter->setSourceModel(m_model);
    m_table->setModel(m_filter);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_status);

    connect(m_operation, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->operation = m_operation->currentData().toString();
        m_filter->changed();
    });
    connect(m_result, &QComboBox::currentIndexChanged, this, [this](int i) {
        m_filter->result = i;
        m_filter->changed();
    });
    connect(m_cluster, &QLineEdit::textChanged, this, [this](const QString &t) {
        m_filter->cluster = t.trimmed();
        m_filter->changed();
    });
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &t) {
        m_filter->text = t.trimmed();
        m_filter->changed();
    });
    connect(exportJson, &QPushButton::clicked, this, [this] { exportDialog(false); });
    connect(exportCsv, &QPushButton::clicked, this, [this] { exportDialog(true); });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        m_table->resizeColumnsToContents();
        m_table->scrollToBottom();
    });
    connect(
        m_model, &QAbstractItemModel::modelReset, m_table, &QTableView::resizeColumnsToContents);
    m_timer->setInterval(5000);
    connect(m_timer, &QTimer::timeout, this, &AuditView::refresh);
}

QSortFilterProxyModel *AuditView::filter() const
{
    return m_filter;
}

void AuditView::setClusterFilter(const QString &name)
{
    m_cluster->setText(name);
}

void AuditView::setTextFilter(const QString &text)
{
    m_search->setText(text);
}

void AuditView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
    m_timer->start();
}

void AuditView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_timer->stop();
}

void AuditView::refresh()
{
    if (m_inFlight)
        return;
    m_inFlight = true;
    m_agent->call(QStringLiteral("ListAuditEvents"),
                  {{QStringLiteral("MaxResults"), 5000}},
                  this,
                  [this](const AgentReply &r) {
                      m_inFlight = false;
                      if (!r.ok) {
                          m_status->setText(tr("Could not read the audit log: %1").arg(r.message));
                          return;
                      }
                      m_model->setEvents(r.result.value(QStringLiteral("AuditEvents")).toArray());
                      m_status->setText(tr("%n event(s)", nullptr, m_model->rowCount()));
                      emit refreshed();
                  });
}

QString AuditView::exportTo(const QString &path, bool csv) const
{
    QList<QJsonObject> events;
    for (int i = 0; i < m_filter->rowCount(); ++i)
        events.append(m_model->event(m_filter->mapToSource(m_filter->index(i, 0)).row()));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return tr("Could not write %1: %2").arg(path, file.errorString());
    const QByteArray data = csv ? AuditModel::toCsv(events) : AuditModel::toJson(events);
    if (file.write(data) != data.size())
        return tr("Could not write %1: %2").arg(path, file.errorString());
    return {};
}

void AuditView::exportDialog(bool csv)
{
    const QString path = QFileDialog::getSaveFileName(
        this,
        tr("Export audit log"),
        csv ? QStringLiteral("runnel-audit.csv") : QStringLiteral("runnel-audit.json"),
        csv ? tr("CSV (*.csv)") : tr("JSON (*.json)"));
    if (path.isEmpty())
        return;
    if (const QString error = exportTo(path, csv); !error.isEmpty())
        QMessageBox::warning(this, tr("Export audit log"), error);
    else
        m_status->setText(
            tr("Exported %n event(s) to %1.", nullptr, m_filter->rowCount()).arg(path));
}

} // namespace runnel::ui
