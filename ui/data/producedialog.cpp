#include "ui/data/producedialog.h"

#include "ui/data/datawidgets.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace runnel::ui {

ProduceDialog::ProduceDialog(KafkaService *service, const QString &topic, QWidget *parent)
    : QDialog(parent)
    , m_service(service)
{
    setWindowTitle(tr("Produce messages"));
    auto *form = new QFormLayout;
    m_topic = new QLineEdit(topic, this);
    m_topic->setObjectName(QStringLiteral("topic"));
    form->addRow(tr("&Topic:"), m_topic);
    m_key = new QLineEdit(this);
    m_key->setObjectName(QStringLiteral("key"));
    m_key->setPlaceholderText(tr("empty: no key; {i} is replaced by the copy's number"));
    form->addRow(tr("&Key:"), m_key);
    m_value = new QPlainTextEdit(this);
    m_value->setObjectName(QStringLiteral("value"));
    m_value->setPlaceholderText(tr("{i} is replaced by the copy's number"));
    form->addRow(tr("&Value:"), m_value);
    auto *fileRow = new QHBoxLayout;
    m_valueFileButton = new QPushButton(tr("Value from &file…"), this);
    m_clearFileButton = new QPushButton(tr("Use typed value"), this);
    m_clearFileButton->setEnabled(false);
    m_valueFileLabel = new QLabel(this);
    fileRow->addWidget(m_valueFileButton);
    fileRow->addWidget(m_clearFileButton);
    fileRow->addWidget(m_valueFileLabel, 1);
    form->addRow(QString(), fileRow);
    m_headers = new QPlainTextEdit(this);
    m_headers->setObjectName(QStringLiteral("headers"));
    m_headers->setPlaceholderText(tr("one header per line: name=value"));
    m_headers->setMaximumHeight(80);
    form->addRow(tr("&Headers:"), m_headers);
    m_partition = new QSpinBox(this);
    m_partition->setObjectName(QStringLiteral("partition"));
    m_partition->setRange(-1, 1000000);
    m_partition->setValue(-1);
    m_partition->setSpecialValueText(tr("chosen by key"));
    form->addRow(tr("&Partition:"), m_partition);
    m_repeat = new QSpinBox(this);
    m_repeat->setObjectName(QStringLiteral("repeat"));
    m_repeat->setRange(1, 10000000);
    form->addRow(tr("&Repeat:"), m_repeat);
    m_status = new StatusLine(this);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_sendButton = buttons->addButton(tr("&Send"), QDialogButtonBox::ActionRole);
    m_sendButton->setObjectName(QStringLiteral("send"));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_sendButton, &QPushButton::clicked, this, &ProduceDialog::send);
    connect(m_clearFileButton, &QPushButton::clicked, this, &ProduceDialog::clearValueFile);
    connect(m_valueFileButton, &QPushButton::clicked, this, [this]() {
        auto *picker = new QFileDialog(this, tr("Value from file"));
        picker->setAttribute(Qt::WA_DeleteOnClose);
        picker->setFileMode(QFileDialog::ExistingFile);
        connect(picker, &QFileDialog::fileSelected, this, &ProduceDialog::loadValueFile);
        picker->open();
    });
}

void ProduceDialog::loadValueFile(const QString &path)
{
    m_valueFileLabel->setText(tr("reading %1…").arg(QFileInfo(path).fileName()));
    auto *watcher = new QFutureWatcher<KafkaResult<QByteArray>>(this);
    connect(
        watcher, &QFutureWatcher<KafkaResult<QByteArray>>::finished, this, [this, watcher, path]() {
            watcher->deleteLater();
            const auto result = watcher->result();
            if (!result.ok()) {
                m_valueFileLabel->clear();
                m_status->showError(result.error);
                emit valueFileLoaded(false);
                return;
            }
            m_fileValue = result.value;
            m_hasFileValue = true;
            m_value->setEnabled(false);
            m_clearFileButton->setEnabled(true);
            m_valueFileLabel->setText(tr("value from %1 (%2 bytes)")
                                          .arg(QFileInfo(path).fileName())
                                          .arg(m_fileValue.size()));
            emit valueFileLoaded(true);
        });
    watcher->setFuture(QtConcurrent::run([path]() {
        QFile file(path);
        constexpr qint64 limit = 64 * 1024 * 1024;
        if (!file.open(QIODevice::ReadOnly))
            return KafkaResult<QByteArray>::failure(
                tr("Could not read %1: %2").arg(path, file.errorString()));
        if (file.size() > limit)
            return KafkaResult<QByteArray>::failure(
                tr("%1 is larger than 64 MiB, more than a Kafka record can usually hold.")
                    .arg(path));
        return KafkaResult<QByteArray>::success(file.readAll());
    }));
}

void ProduceDialog::clearValueFile()
{
    m_fileValue.clear();
    m_hasFileValue = false;
    m_value->setEnabled(true);
    m_clearFileButton->setEnabled(false);
    m_valueFileLabel->clear();
}

KafkaResult<QList<KafkaRecord>> ProduceDialog::buildRecords() const
{
    using R = KafkaResult<QList<KafkaRecord>>;
    if (m_topic->text().trimmed().isEmpty())
        return R::failure(tr("Choose the topic to send to."));
    QString error;
    const auto headers = parseKeyValueLines(m_headers->toPlainText(), &error);
    if (!headers)
        return R::failure(tr("Headers: %1").arg(error));
    const QString key = m_key->text();
    const QString value = m_value->toPlainText();
    const QLatin1String token("{i}");
    const bool numbered = key.contains(token) || (!m_hasFileValue && value.contains(token))
                          || std::any_of(headers->cbegin(), headers->cend(), [&](const auto &h) {
                                 return h.second.contains(token);
                             });
    QList<KafkaRecord> records;
    const int repeat = m_repeat->value();
    records.reserve(repeat);
    for (int i = 0; i < repeat; ++i) {
        const QString n = QString::number(i);
        KafkaRecord r;
        r.partition = m_partition->value();
        r.keyNull = key.isEmpty();
        r.key = numbered ? QString(key).replace(token, n).toUtf8() : key.toUtf8();
        r.valueNull = false;
        r.value = m_hasFileValue
                      ? m_fileValue
                      : (numbered ? QString(value).replace(token, n).toUtf8() : value.toUtf8());
        for (const auto &[hk, hv] : *headers)
            r.headers.append({hk.toUtf8(),
                              numbered ? QString(hv).replace(token, n).toUtf8() : hv.toUtf8(),
                              false});
        records.append(std::move(r));
    }
    return R::success(records);
}

void ProduceDialog::setSending(bool sending)
{
    m_sending = sending;
    m_sendButton->setEnabled(!sending);
}

void ProduceDialog::send()
{
    if (m_sending)
        return;
    auto built = buildRecords();
    if (!built.ok()) {
        m_status->showError(built.error);
        emit failed(built.error);
        return;
    }
    ProduceRequest request;
    request.topic = m_topic->text().trimmed();
    request.records = std::move(built.value);
    const qint64 total = request.records.size();
    setSending(true);
    m_status->showInfo(tr("Sending %1 records…").arg(total));
    m_service->produce(
        request,
        this,
        [this, total](qint64 delivered) {
            m_status->showInfo(tr("Sent %1 of %2 records…").arg(delivered).arg(total));
        },
        [this, topic = request.topic](const KafkaResult<qint64> &r) {
            setSending(false);
            if (!r.ok()) {
                m_status->showError(r.error);
                emit failed(r.error);
                return;
            }
            m_status->showInfo(tr("Sent %1 records to %2.").arg(r.value).arg(topic));
            emit produced(r.value);
        });
}

} // namespace runnel::ui
