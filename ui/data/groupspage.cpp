#include "ui/data/groupspage.h"

#include "ui/data/datawidgets.h"
#include "ui/models/groupmodels.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace runnel::ui {

GroupsPage::GroupsPage(KafkaService *service, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_groups(new GroupListModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_members(new GroupMemberModel(this))
    , m_offsets(new GroupOffsetModel(this))
    , m_plan(new GroupResetPlanModel(this))
    , m_timer(new QTimer(this))
{
    m_proxy->setSourceModel(m_groups);
    m_proxy->setSortRole(GroupListModel::SortRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    auto *filter = new QLineEdit(this);
    filter->setPlaceholderText(tr("Filter groups"));
    filter->setClearButtonEnabled(true);
    auto *refreshButton = new QPushButton(tr("&Refresh"), this);
    m_deleteButton = new QPushButton(tr("&Delete group…"), this);
    auto *bar = new QHBoxLayout;
    bar->addWidget(filter, 1);
    bar->addWidget(refreshButton);
    bar->addWidget(m_deleteButton);

    m_groupView = makeTable(m_proxy, this);
    m_groupView->setObjectName(QStringLiteral("groups"));
    m_groupView->setSortingEnabled(true);
    m_groupView->sortByColumn(GroupListModel::GroupId, Qt::AscendingOrder);
    m_groupView->setWordWrap(false);
    m_groupView->horizontalHeader()->setStretchLastSection(false);
    m_groupView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_groupView->horizontalHeader()->setSectionResizeMode(GroupListModel::GroupId,
                                                          QHeaderView::Stretch);

    auto *detail = new QWidget(this);
    m_summary = new QLabel(detail);
    auto *tabs = new QTabWidget(detail);
    // The detail tables share their width among their columns rather than scroll sideways.
    const auto fitted = [](QTableView *view) {
        view->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
        view->horizontalHeader()->setMinimumSectionSize(40); // long titles are elided
        view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        return view;
    };
    tabs->addTab(fitted(makeTable(m_offsets, tabs)), tr("Lag per partition"));
    tabs->addTab(makeTable(m_members, tabs), tr("Members"));

    auto *reset = new QGroupBox(tr("Reset offsets (only while the group has no members)"), detail);
    m_resetTopic = new QComboBox(reset);
    m_resetTopic->setEditable(true);
    m_resetTopic->setToolTip(tr("Empty: every topic the group has committed offsets for."));
    m_resetMode = new QComboBox(reset);
    m_resetMode->addItems(
        {tr("Earliest"), tr("Latest"), tr("At time"), tr("Exact offset"), tr("Shift by N")});
    m_resetValue = new QLineEdit(reset);
    m_resetValue->setPlaceholderText(tr("time, offset or N"));
    m_previewButton = new QPushButton(tr("&Preview"), reset);
    m_applyButton = new QPushButton(tr("&Apply reset"), reset);
    m_applyButton->setEnabled(false);
    auto *resetRow = new QHBoxLayout;
    resetRow->addWidget(new QLabel(tr("Topic:"), reset));
    resetRow->addWidget(m_resetTopic, 1);
    resetRow->addWidget(m_resetMode);
    resetRow->addWidget(m_resetValue, 1);
    resetRow->addWidget(m_previewButton);
    resetRow->addWidget(m_applyButton);
    auto *resetLayout = new QVBoxLayout(reset);
    resetLayout->addLayout(resetRow);
    resetLayout->addWidget(fitted(makeTable(m_plan, reset)));

    auto *detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_summary);
    detailLayout->addWidget(tabs, 1);
    detailLayout->addWidget(reset, 1);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_groupView);
    splitter->addWidget(detail);
    // 9:11 of whatever width the page gets: the list's fixed columns (state, members, lag)
    // take ~300 px, and the group id needs the rest to be readable.
    splitter->setStretchFactor(0, 9);
    splitter->setStretchFactor(1, 11);
    splitter->setSizes({2700, 3300});
    m_status = new StatusLine(this);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_status);

    connect(filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(refreshButton, &QPushButton::clicked, this, &GroupsPage::refresh);
    connect(m_deleteButton, &QPushButton::clicked, this, &GroupsPage::confirmDelete);
    connect(m_previewButton, &QPushButton::clicked, this, &GroupsPage::previewResetFromFields);
    connect(m_applyButton, &QPushButton::clicked, this, &GroupsPage::applyReset);
    connect(m_resetMode, &QComboBox::currentIndexChanged, this, [this]() {
        m_plan->setPlan({});
        updateApply();
    });
    connect(m_groupView->selectionModel(),
            &QItemSelectionModel::currentRowChanged,
            this,
            [this](const QModelIndex &current) {
                const QString id
                    = current.isValid()
                          ? m_proxy->data(m_proxy->index(current.row(), GroupListModel::GroupId))
                                .toString()
                          : QString();
                if (id != m_current) {
                    m_current = id;
                    m_plan->setPlan({});
                    loadDetail();
                }
            });
    connect(m_timer, &QTimer::timeout, this, [this]() {
        refresh();
        loadDetail();
    });
    m_timer->setInterval(5000);
    refresh();
}

void GroupsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_timer->start();
}

void GroupsPage::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_timer->stop();
}

void GroupsPage::refresh()
{
    if (m_listInFlight)
        return;
    m_listInFlight = true;
    m_service->listGroups(this, [this](const KafkaResult<QList<GroupSummary>> &r) {
        m_listInFlight = false;
        if (!r.ok())
            m_status->showError(r.error);
        else
            m_groups->setGroups(r.value);
        emit refreshed();
    });
}

void GroupsPage::selectGroup(const QString &groupId)
{
    const int row = m_groups->rowOf(groupId);
    const QModelIndex proxyIndex
        = row >= 0 ? m_proxy->mapFromSource(m_groups->index(row, 0)) : QModelIndex();
    if (proxyIndex.isValid()) {
        m_groupView->setCurrentIndex(proxyIndex);
        if (m_current == groupId)
            return;
    }
    m_current = groupId;
    m_plan->setPlan({});
    loadDetail();
}

void GroupsPage::loadDetail()
{
    const QString id = m_current;
    if (id.isEmpty())
        return;
    m_service->describeGroup(id, this, [this, id](const KafkaResult<GroupDetail> &r) {
        if (id != m_current)
            return;
        if (!r.ok()) {
            m_status->showError(r.error);
            emit detailRefreshed(id);
            return;
        }
        m_state = r.value.state;
        m_members->setMembers(r.value.members);
        m_offsets->setOffsets(r.value.offsets);
        m_summary->setText(tr("%1 — %2, %3 member(s), total lag %4")
                               .arg(id, GroupListModel::stateText(r.value.state))
                               .arg(r.value.members.size())
                               .arg(formatCount(r.value.totalLag())));
        QStringList topics;
        for (const auto &o : r.value.offsets)
            if (!topics.contains(o.topic))
                topics.append(o.topic);
        const QString typed = m_resetTopic->currentText();
        m_resetTopic->clear();
        m_resetTopic->addItem(QString());
        m_resetTopic->addItems(topics);
        m_resetTopic->setCurrentText(typed);
        updateApply();
        emit detailRefreshed(id);
    });
}

bool GroupsPage::canApplyReset() const
{
    const bool inactive = m_state == GroupState::Empty || m_state == GroupState::Dead;
    return inactive && m_plan->rowCount() > 0 && m_planGroup == m_current;
}

void GroupsPage::updateApply()
{
    m_applyButton->setEnabled(canApplyReset());
    if (!m_current.isEmpty() && m_state != GroupState::Empty && m_state != GroupState::Dead)
        m_applyButton->setToolTip(
            tr("The group has active members; stop its consumers to reset offsets."));
    else
        m_applyButton->setToolTip(QString());
}

void GroupsPage::previewResetFromFields()
{
    OffsetReset reset;
    reset.groupId = m_current;
    reset.topic = m_resetTopic->currentText().trimmed();
    reset.mode = OffsetReset::Mode(m_resetMode->currentIndex());
    QString error;
    if (reset.mode == OffsetReset::Mode::Timestamp) {
        const auto v = parseTimestamp(m_resetValue->text(), &error);
        reset.value = v.value_or(0);
    } else if (reset.mode == OffsetReset::Mode::Exact) {
        const auto v = parseOffset(m_resetValue->text(), &error);
        reset.value = v.value_or(0);
    } else if (reset.mode == OffsetReset::Mode::Shift) {
        const auto v = parseOffset(m_resetValue->text(), &error, true);
        reset.value = v.value_or(0);
    }
    if (!error.isEmpty()) {
        m_status->showError(error);
        emit planReady(false, error);
        return;
    }
    previewReset(reset);
}

void GroupsPage::previewReset(const OffsetReset &reset)
{
    if (reset.groupId.isEmpty()) {
        const QString error = tr("Choose a group first.");
        m_status->showError(error);
        emit planReady(false, error);
        return;
    }
    if (m_current != reset.groupId)
        selectGroup(reset.groupId);
    m_plan->setPlan({});
    updateApply();
    m_service->planOffsetReset(
        reset, this, [this, id = reset.groupId](const KafkaResult<QList<OffsetResetRow>> &r) {
            if (id != m_current)
                return;
            if (!r.ok()) {
                m_status->showError(r.error);
                emit planReady(false, r.error);
                return;
            }
            m_planGroup = id;
            m_plan->setPlan(r.value);
            const QString message
                = tr("Preview: %n partition(s) would change as shown. Nothing is committed until "
                     "you apply.",
                     nullptr,
                     int(r.value.size()));
            m_status->showInfo(message);
            // The state may have changed since the last look; fetch it before enabling Apply.
            loadDetail();
            updateApply();
            emit planReady(true, message);
        });
}

void GroupsPage::applyReset()
{
    if (m_planGroup != m_current || m_plan->rowCount() == 0) {
        const QString error = tr("Preview the reset first.");
        m_status->showError(error);
        emit resetApplied(false, error);
        return;
    }
    const QString id = m_current;
    m_applyButton->setEnabled(false);
    m_service->applyOffsetReset(id, m_plan->rows(), this, [this, id](const KafkaResult<Done> &r) {
        const QString message = r.ok() ? tr("Reset the offsets of %1.").arg(id) : r.error;
        if (r.ok()) {
            m_status->showInfo(message);
            m_plan->setPlan({});
        } else {
            m_status->showError(message);
        }
        loadDetail();
        refresh();
        emit resetApplied(r.ok(), message);
    });
}

void GroupsPage::deleteGroup(const QString &groupId)
{
    m_service->deleteGroup(groupId, this, [this, groupId](const KafkaResult<Done> &r) {
        const QString message = r.ok() ? tr("Deleted the group %1.").arg(groupId) : r.error;
        if (r.ok()) {
            m_status->showInfo(message);
            if (m_current == groupId) {
                m_current.clear();
                m_members->setMembers({});
                m_offsets->setOffsets({});
                m_plan->setPlan({});
            }
        } else {
            m_status->showError(message);
        }
        refresh();
        emit groupDeleted(r.ok(), message);
    });
}

void GroupsPage::confirmDelete()
{
    const QString id = m_current;
    if (id.isEmpty())
        return;
    auto *box = new QMessageBox(
        QMessageBox::Warning,
        tr("Delete group"),
        tr("Delete the consumer group %1 and its committed offsets? Its consumers "
           "will start from their reset policy next time.")
            .arg(id),
        QMessageBox::Yes | QMessageBox::Cancel,
        this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, id](int result) {
        if (result == QMessageBox::Yes)
            deleteGroup(id);
    });
    box->open();
}

} // namespace runnel::ui
