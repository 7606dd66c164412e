#include "ui/app/deleteclusterdialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace runnel::ui {

DeleteClusterDialog::DeleteClusterDialog(const QString &clusterName, QWidget *parent)
    : QDialog(parent)
    , m_field(new QLineEdit(this))
{
    setWindowTitle(tr("Delete cluster %1").arg(clusterName));
    auto *layout = new QVBoxLayout(this);
    auto *text
        = new QLabel(tr("Deleting %1 stops its brokers and removes all of its data: every "
                        "topic and message. This cannot be undone.\n\nType the cluster's name "
                        "to confirm:")
                         .arg(clusterName),
                     this);
    text->setWordWrap(true);
    layout->addWidget(text);
    m_field->setPlaceholderText(clusterName);
    layout->addWidget(m_field);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_delete = buttons->addButton(tr("Delete"), QDialogButtonBox::DestructiveRole);
    m_delete->setEnabled(false);
    connect(m_field, &QLineEdit::textChanged, this, [this, clusterName](const QString &text) {
        m_delete->setEnabled(text == clusterName);
    });
    connect(m_delete, &QPushButton::clicked, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

} // namespace runnel::ui
