#pragma once

// CreateTopicDialog asks for a new topic's name, partitions, replication factor and
// configuration overrides (key=value lines) and refuses to close on input Kafka would
// reject, saying what to change. It only collects; TopicsPage creates the topic.

#include "ui/kafka/kafkatypes.h"

#include <QDialog>

class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace runnel::ui {

class StatusLine;

// A sentence when `topic` cannot be created on a cluster of `brokerCount` brokers
// (0: unknown), empty when it looks valid.
QString validateNewTopic(const NewTopic &topic, int brokerCount);

class CreateTopicDialog : public QDialog
{
    Q_OBJECT

public:
    CreateTopicDialog(int brokerCount, QWidget *parent = nullptr);

    void setTopic(const NewTopic &topic);
    // The topic the fields describe, or a sentence.
    KafkaResult<NewTopic> topic() const;

    void accept() override;

private:
    int m_brokerCount;
    QLineEdit *m_name;
    QSpinBox *m_partitions;
    QSpinBox *m_replication;
    QPlainTextEdit *m_configs;
    StatusLine *m_status;
};

} // namespace runnel::ui
