#pragma once

// CertificatesPage: a TLS cluster's certificates (agent: GetClusterCa,
// IssueClientCertificate, RotateBrokerCertificates, ListClusterOperations).
//  - the cluster CA: subject, validity, SHA-256 fingerprint; copy or export its PEM;
//  - issue a client certificate: a common name and a folder; CN.pem, CN-key.pem (owner
//    only) and ca.pem are written there and the principal the brokers will see shown;
//  - rotate the broker certificates: new keys from the same CA, rolled broker by broker,
//    with the operation's progress.
// GUI thread; agent calls asynchronous, the few small files written on a worker thread.

#include <QString>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTimer;

namespace runnel::ui {

class AgentService;

struct CaInfo
{
    QString subject, notBefore, notAfter, sha256; // empty when unknown
    QString pem;
};
// The fields shown for a PEM certificate (QSslCertificate), or an empty subject.
CaInfo inspectCertificate(const QString &pem);

class CertificatesPage : public QWidget
{
    Q_OBJECT

public:
    CertificatesPage(AgentService *agent, const QString &clusterArn, QWidget *parent = nullptr);

    const CaInfo &ca() const { return m_ca; }
    QString caText() const; // what the CA box shows
    void copyCaPem();       // to the clipboard
    // Writes the CA's PEM to `path`; false and a sentence in status() when it cannot.
    void exportCaPem(const QString &path);

    // Issues a certificate for `commonName` into `folder` (created when missing).
    void issueClientCertificate(const QString &commonName, const QString &folder);
    QLineEdit *commonNameEdit() const { return m_cn; }
    QLineEdit *folderEdit() const { return m_folder; }
    QString issuedText() const;

    void rotateBrokerCertificates(); // without the confirmation
    int rotationProgress() const;
    QString status() const;

public slots:
    void refresh();

signals:
    void caLoaded(bool ok);
    void caExported(bool ok, const QString &sentence);
    void certificateIssued(bool ok, const QString &principal, const QString &sentence);
    void rotationFinished(bool ok, const QString &sentence);

private:
    void confirmRotate();
    void pollRotation();

    AgentService *m_agent;
    QString m_arn;
    CaInfo m_ca;
    QLabel *m_caLabel, *m_status, *m_issued, *m_rotateStatus;
    QPlainTextEdit *m_pem;
    QLineEdit *m_cn, *m_folder;
    QPushButton *m_issueButton, *m_rotateButton;
    QProgressBar *m_rotateBar;
    QTimer *m_rotateTimer;
    QString m_rotationArn;
    bool m_polling = false;
};

} // namespace runnel::ui
