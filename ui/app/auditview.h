#pragma once

// AuditView: the agent's audit log (ListAuditEvents) — who did what to which cluster and
// with what result — with filters (operation, cluster, result, free text) and export of
// the filtered rows as JSON or CSV. Polls every few seconds while visible. GUI thread.

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class QTimer;

namespace runnel::ui {

class AgentService;
class AuditModel;
class AuditFilter;

class AuditView : public QWidget
{
    Q_OBJECT

public:
    explicit AuditView(AgentService *agent, QWidget *parent = nullptr);

    AuditModel *model() const { return m_model; }
    QSortFilterProxyModel *filter() const;
    void refresh();
    // Writes the rows the filter shows; returns an empty string or the failure sentence.
    QString exportTo(const QString &path, bool csv) const;
    void setClusterFilter(const QString &name);
    void setTextFilter(const QString &text); // any column contains it

signals:
    void refreshed();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void exportDialog(bool csv);

    AgentService *m_agent;
    AuditModel *m_model;
    AuditFilter *m_filter;
    QComboBox *m_operation;
    QComboBox *m_result;
    QLineEdit *m_cluster;
    QLineEdit *m_search;
    QLabel *m_status;
    QTableView *m_table;
    QTimer *m_timer;
    bool m_inFlight = false;
};

} // namespace runnel::ui
