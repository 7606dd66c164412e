#pragma once

// GroupsPage: the consumer groups of one cluster (state, members, total lag), one
// group's members, assignments and lag per partition now, an offset reset (earliest,
// latest, time, exact offset, shift by N) that is always previewed first and applied
// only while the group is inactive, and deleting a group. Lag history is not here: it
// comes from the agent's metrics and is embedded next to this page by the window.

#include "ui/kafka/kafkaservice.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTimer;

namespace runnel::ui {

class GroupListModel;
class GroupMemberModel;
class GroupOffsetModel;
class GroupResetPlanModel;
class StatusLine;

class GroupsPage : public QWidget
{
    Q_OBJECT

public:
    explicit GroupsPage(KafkaService *service, QWidget *parent = nullptr);

    GroupListModel *groupModel() const { return m_groups; }
    GroupMemberModel *memberModel() const { return m_members; }
    GroupOffsetModel *offsetModel() const { return m_offsets; }
    GroupResetPlanModel *planModel() const { return m_plan; }
    QString currentGroup() const { return m_current; }
    GroupState currentState() const { return m_state; }
    bool canApplyReset() const;

public slots:
    void refresh();
    void selectGroup(const QString &groupId);
    // The dry run; fills planModel() and enables Apply when the group is inactive.
    void previewReset(const OffsetReset &reset);
    void previewResetFromFields();
    // Commits exactly the previewed plan.
    void applyReset();
    void deleteGroup(const QString &groupId);
    void confirmDelete();

signals:
    void refreshed();
    void detailRefreshed(const QString &groupId);
    void planReady(bool ok, const QString &message);
    void resetApplied(bool ok, const QString &message);
    void groupDeleted(bool ok, const QString &message);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void loadDetail();
    void updateApply();

    KafkaService *m_service;
    GroupListModel *m_groups;
    QSortFilterProxyModel *m_proxy;
    GroupMemberModel *m_members;
    GroupOffsetModel *m_offsets;
    GroupResetPlanModel *m_plan;
    QTableView *m_groupView;
    QLabel *m_summary;
    QComboBox *m_resetTopic;
    QComboBox *m_resetMode;
    QLineEdit *m_resetValue;
    QPushButton *m_previewButton;
    QPushButton *m_applyButton;
    QPushButton *m_deleteButton;
    StatusLine *m_status;
    QTimer *m_timer;
    QString m_current;
    GroupState m_state = GroupState::Unknown;
    QString m_planGroup;
    bool m_listInFlight = false;
};

} // namespace runnel::ui
