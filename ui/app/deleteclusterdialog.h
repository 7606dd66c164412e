#pragma once

// DeleteClusterDialog: typed confirmation — Delete is enabled only once the user has
// typed the cluster's exact name.

#include <QDialog>

class QLineEdit;
class QPushButton;

namespace runnel::ui {

class DeleteClusterDialog : public QDialog
{
    Q_OBJECT

public:
    DeleteClusterDialog(const QString &clusterName, QWidget *parent = nullptr);
    QLineEdit *confirmationField() const { return m_field; }
    QPushButton *deleteButton() const { return m_delete; }

private:
    QLineEdit *m_field;
    QPushButton *m_delete;
};

} // namespace runnel::ui
