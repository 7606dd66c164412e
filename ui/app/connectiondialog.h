#pragma once

// ConnectionDialog: add or edit an external cluster connection — bootstrap servers,
// security protocol, SASL (PLAIN, SCRAM-SHA-256/512) user and password, TLS PEM files —
// test it with a real Metadata request (worker thread) and save it through
// ConnectionStore (password in the keychain, or for this session only).

#include "ui/kafka/connectionsettings.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace runnel::ui {

class ConnectionStore;

class ConnectionDialog : public QDialog
{
    Q_OBJECT

public:
    ConnectionDialog(ConnectionStore *store,
                     const std::optional<ConnectionSettings> &existing = std::nullopt,
                     QWidget *parent = nullptr);

    ConnectionSettings settings() const;
    void setSettings(const ConnectionSettings &settings);
    QString validate() const;       // empty when the form is complete, else a sentence
    QString validateFields() const; // the same without the name: enough to test

public slots:
    void test();
    void save();

signals:
    void tested(bool ok, const QString &sentence);
    void saved(const QString &name, const QString &sentence);

private:
    QWidget *fileField(QLineEdit *edit, const QString &title);
    void updateEnabled();

    ConnectionStore *m_store;
    QString m_originalName;
    QLineEdit *m_name, *m_bootstrap, *m_user, *m_password, *m_ca, *m_cert, *m_key;
    QComboBox *m_security, *m_mechanism;
    QLabel *m_result;
    QPushButton *m_test, *m_save;
};

} // namespace runnel::ui
