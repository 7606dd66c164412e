#pragma once

// ProduceDialog sends records to a topic: key, value (typed or read from a file),
// headers (key=value lines), a partition (or the partitioner's choice), repeated N times.
// "{i}" in the key, the value or a header value is replaced by the copy's number
// (0 … N-1), so one send can make N distinct records. The send runs on the service's
// worker thread; the dialog shows progress and stays usable. Open it with open() or
// show(); it is not modal for the rest of the window.

#include "ui/kafka/kafkaservice.h"

#include <QDialog>

class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QLabel;

namespace runnel::ui {

class StatusLine;

class ProduceDialog : public QDialog
{
    Q_OBJECT

public:
    ProduceDialog(KafkaService *service, const QString &topic, QWidget *parent = nullptr);

    // The records the current fields describe, or a sentence saying what to fix.
    KafkaResult<QList<KafkaRecord>> buildRecords() const;
    // Reads the value from a file (on a worker thread); the typed value is then ignored.
    void loadValueFile(const QString &path);
    void clearValueFile();
    bool isSending() const { return m_sending; }

public slots:
    void send();

signals:
    void produced(qint64 count);
    void failed(const QString &message);
    void valueFileLoaded(bool ok);

private:
    void setSending(bool sending);

    KafkaService *m_service;
    QLineEdit *m_topic;
    QLineEdit *m_key;
    QPlainTextEdit *m_value;
    QPushButton *m_valueFileButton;
    QPushButton *m_clearFileButton;
    QLabel *m_valueFileLabel;
    QPlainTextEdit *m_headers;
    QSpinBox *m_partition;
    QSpinBox *m_repeat;
    QPushButton *m_sendButton;
    StatusLine *m_status;
    QByteArray m_fileValue;
    bool m_hasFileValue = false;
    bool m_sending = false;
};

} // namespace runnel::ui
