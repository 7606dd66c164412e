#include "ui/app/clientinfodialog.h"

#include "ui/app/clientinfo.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

namespace runnel::ui {

namespace {

QWidget *snippetTab(const QString &text, QWidget *parent)
{
    auto *w = new QWidget(parent);
    auto *layout = new QVBoxLayout(w);
    auto *edit = new QPlainTextEdit(text, w);
    edit->setReadOnly(true);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    auto *copy = new QPushButton(ClientInfoDialog::tr("Copy"), w);
    QObject::connect(
        copy, &QPushButton::clicked, w, [text] { QApplication::clipboard()->setText(text); });
    layout->addWidget(edit);
    auto *row = new QHBoxLayout;
    row->addStretch();
    row->addWidget(copy);
    layout->addLayout(row);
    return w;
}

} // namespace

ClientInfoDialog::ClientInfoDialog(const ConnectionSettings &settings,
                                   const QList<QPair<QString, QString>> &bootstrapByListener,
                                   QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Client information — %1").arg(settings.name));
    resize(720, 520);
    auto *layout = new QVBoxLayout(this);

    auto *bootstrap = new QGroupBox(tr("Bootstrap servers"), this);
    auto *form = new QFormLayout(bootstrap);
    for (const auto &[kind, value] : bootstrapByListener) {
        auto *row = new QHBoxLayout;
        auto *field = new QLineEdit(value, bootstrap);
        field->setReadOnly(true);
        row->addWidget(field);
        auto *copy = new QPushButton(tr("Copy"), bootstrap);
        copy->setEnabled(value.contains(QLatin1Char(':')));
        connect(copy, &QPushButton::clicked, this, [value] {
            QApplication::clipboard()->setText(value);
        });
        row->addWidget(copy);
        form->addRow(kind, row);
    }
    layout->addWidget(bootstrap);

    auto *tabs = new QTabWidget(this);
    tabs->addTab(snippetTab(clientinfo::kcat(settings), tabs), QStringLiteral("kcat"));
    tabs->addTab(snippetTab(clientinfo::librdkafka(settings), tabs), tr("librdkafka properties"));
    tabs->addTab(snippetTab(clientinfo::java(settings), tabs), tr("Java properties"));
    tabs->addTab(snippetTab(clientinfo::python(settings), tabs), tr("Python (confluent-kafka)"));
    layout->addWidget(tabs, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

} // namespace runnel::ui
