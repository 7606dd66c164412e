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

namespace {

// What the fields say, copied so the records can be made on a worker thread.
struct ProduceTemplate
{
    QString key;
    QString value;
    QByteArray fileValue;
    bool hasFileValue = false;
    QList<QPair<QString, QString>> headers;
    int partition = -1;
    int repeat = 1;
};

QList<KafkaRecord> expand(const ProduceTemplate &t)
{
    const QLatin1String token("{i}");
    const bool numbered = t.key.contains(token) || (!t.hasFileValue && t.value.contains(token))
                          || std::any_of(t.headers.cbegin(), t.headers.cend(), [&](const auto &h) {
                                 return h.second.contains(token);
                             });
    QList<KafkaRecord> records;
    records.reserve(t.repeat);
    const QByteArray plainKey = t.key.toUtf8();
    const QByteArray plainValue = t.hasFileValue ? t.fileValue : t.value.toUtf8();
    for (int i = 0; i < t.repeat; ++i) {
        const QString n = QString::number(i);
        KafkaRecord r;
        r.partition = t.partition;
        r.keyNull = t.key.isEmpty();
        r.key = numbered ? QString(t.key).replace(token, n).toUtf8() : plainKey;
        r.valueNull = false;
        r.value = numbered && !t.hasFileValue ? QString(t.value).replace(token, n).toUtf8()
                                              : plainValue;
        for (const auto &[hk, hv] : t.headers)
            r.headers.append({hk.toUtf8(),
                              numbered ? QString(hv).replace(token, n).toUtf8() : hv.toUtf8(),
                              false});
        records.append(std::move(r));
    }
    return records;
}

} // namespace

KafkaResult<QList<KafkaRecord>> ProduceDialog::buildRecords() const
{
    using R = KafkaResult<QList<KafkaRecord>>;
    if (m_topic->text().trimmed().isEmpty())
        return R::failure(tr("Choose the topic to send to."));
    QString error;
    const auto headers = parseKeyValueLines(m_headers->toPlainText(), &error);
    if (!headers)
        return R::failure(tr("Headers: %1").arg(error));
    ProduceTemplate t{m_key->text(),
                      m_value->toPlainText(),
                      m_fileValue,
                      m_hasFileValue,
                      *headers,
                      m_partition->value(),
                      m_repeat->value()};
    return R::success(expand(t));
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
    const QString topic = m_topic->text().trimmed();
    QString error;
    const auto headers = parseKeyValueLines(m_headers->toPlainText(), &error);
    if (topic.isEmpty())
        error = tr("Choose the topic to send to.");
    else if (!headers)
        error = tr("Headers: %1").arg(error);
    if (!error.isEmpty()) {
        m_status->showError(error);
        emit failed(error);
        return;
    }
    const ProduceTemplate t{m_key->text(),
                            m_value->toPlainText(),
                            m_fileValue,
                            m_hasFileValue,
                            *headers,
                            m_partition->value(),
                            m_repeat->value()};
    const qint64 total = t.repeat;
    setSending(true);
    m_status->showInfo(tr("Sending %1 records…").arg(total));
    // Many copies take a while to make: they are made on a worker thread too.
    auto *making = new QFutureWatcher<QList<KafkaRecord>>(this);
    connect(making,
            &QFutureWatcher<QList<KafkaRecord>>::finished,
            this,
            [this, making, topic, total]() {
                making->deleteLater();
                ProduceRequest request;
                request.topic = topic;
                request.records = making->result();
                m_service->produce(
                    request,
                    this,
                    [this, total](qint64 delivered) {
                        m_status->showInfo(tr("Sent %1 of %2 records…").arg(delivered).arg(total));
                    },
                    [this, topic](const KafkaResult<qint64> &r) {
                        setSending(false);
                        if (!r.ok()) {
                            m_status->showError(r.error);
                            emit failed(r.error);
                            return;
                        }
                        m_status->showInfo(tr("Sent %1 records to %2.").arg(r.value).arg(topic));
                        emit produced(r.value);
                    });
            });
    making->setFuture(QtConcurrent::run([t]() { return expand(t); }));
}

} // namespace runnel::ui
