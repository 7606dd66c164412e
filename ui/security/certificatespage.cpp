#include "ui/security/certificatespage.h"

#include "ui/agent/agentservice.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSslCertificate>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace runnel::ui {

namespace {

struct FileToWrite
{
    QString path;
    QByteArray data;
    bool secret = false;
};

// Runs on a worker thread: writes every file or returns why not.
QString writeFiles(const QString &folder, const QList<FileToWrite> &files)
{
    if (!QDir().mkpath(folder))
        return QCoreApplication::translate("runnel::ui::CertificatesPage",
                                           "Could not create the folder %1.")
            .arg(folder);
    for (const FileToWrite &f : files) {
        QSaveFile file(f.path);
        const auto perms
            = f.secret
                  ? (QFile::ReadOwner | QFile::WriteOwner)
                  : (QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
        if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(perms)
            || file.write(f.data) != f.data.size() || !file.commit())
            return QCoreApplication::translate("runnel::ui::CertificatesPage",
                                               "Could not write %1: %2")
                .arg(f.path, file.errorString());
    }
    return {};
}

} // namespace

CaInfo inspectCertificate(const QString &pem)
{
    CaInfo info;
    info.pem = pem;
    const QList<QSslCertificate> certs = QSslCertificate::fromData(pem.toLatin1(), QSsl::Pem);
    if (certs.isEmpty() || certs.first().isNull())
        return info;
    const QSslCertificate &c = certs.first();
    info.subject = c.subjectDisplayName();
    const QStringList dn
        = {c.subjectInfo(QSslCertificate::CommonName).join(QStringLiteral(", ")),
           c.subjectInfo(QSslCertificate::Organization).join(QStringLiteral(", "))};
    QStringList parts;
    if (!dn[0].isEmpty())
        parts << QStringLiteral("CN=") + dn[0];
    if (!dn[1].isEmpty())
        parts << QStringLiteral("O=") + dn[1];
    if (!parts.isEmpty())
        info.subject = parts.join(QLatin1Char(','));
    info.notBefore = c.effectiveDate().toUTC().toString(Qt::ISODate);
    info.notAfter = c.expiryDate().toUTC().toString(Qt::ISODate);
    const QByteArray digest = c.digest(QCryptographicHash::Sha256).toHex().toUpper();
    QStringList pairs;
    for (qsizetype i = 0; i < digest.size(); i += 2)
        pairs << QString::fromLatin1(digest.mid(i, 2));
    info.sha256 = pairs.join(QLatin1Char(':'));
    return info;
}

CertificatesPage::CertificatesPage(AgentService *agent, const QString &clusterArn, QWidget *parent)
    : QWidget(parent)
    , m_agent(agent)
    , m_arn(clusterArn)
{
    // The CA
    auto *caBox = new QGroupBox(tr("Cluster certificate authority"), this);
    m_caLabel = new QLabel(tr("Loading…"), caBox);
    m_caLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_caLabel->setWordWrap(true);
    m_pem = new QPlainTextEdit(caBox);
    m_pem->setReadOnly(true);
    m_pem->setMaximumHeight(120);
    auto *copyButton = new QPushButton(tr("Copy PEM"), caBox);
    auto *exportButton = new QPushButton(tr("Export PEM…"), caBox);
    connect(copyButton, &QPushButton::clicked, this, &CertificatesPage::copyCaPem);
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this,
                                                          tr("Export the cluster CA"),
                                                          QStringLiteral("ca.pem"),
                                                          tr("PEM certificates (*.pem)"));
        if (!path.isEmpty())
            exportCaPem(path);
    });
    auto *caButtons = new QHBoxLayout;
    caButtons->addWidget(copyButton);
    caButtons->addWidget(exportButton);
    caButtons->addStretch(1);
    auto *caLayout = new QVBoxLayout(caBox);
    caLayout->addWidget(m_caLabel);
    caLayout->addWidget(m_pem);
    caLayout->addLayout(caButtons);

    // Client certificates
    auto *issueBox = new QGroupBox(tr("Issue a client certificate"), this);
    auto *issueForm = new QFormLayout(issueBox);
    m_cn = new QLineEdit(issueBox);
    m_cn->setPlaceholderText(tr("e.g. billing-service"));
    m_folder = new QLineEdit(issueBox);
    auto *browse = new QPushButton(tr("Choose…"), issueBox);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder for the files"));
        if (!dir.isEmpty())
            m_folder->setText(dir);
    });
    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(browse);
    m_issueButton = new QPushButton(tr("Issue"), issueBox);
    connect(m_issueButton, &QPushButton::clicked, this, [this] {
        issueClientCertificate(m_cn->text(), m_folder->text());
    });
    m_issued = new QLabel(issueBox);
    m_issued->setWordWrap(true);
    m_issued->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_issued->setMinimumHeight(m_issued->fontMetrics().lineSpacing() * 3);
    issueForm->addRow(tr("Common name"), m_cn);
    issueForm->addRow(tr("Folder"), folderRow);
    issueForm->addRow(QString(), m_issueButton);
    issueForm->addRow(m_issued);

    // Broker certificates
    auto *rotateBox = new QGroupBox(tr("Broker certificates"), this);
    m_rotateButton = new QPushButton(tr("Rotate broker certificates…"), rotateBox);
    connect(m_rotateButton, &QPushButton::clicked, this, &CertificatesPage::confirmRotate);
    m_rotateBar = new QProgressBar(rotateBox);
    m_rotateBar->setRange(0, 100);
    m_rotateBar->setValue(0);
    m_rotateStatus = new QLabel(rotateBox);
    m_rotateStatus->setWordWrap(true);
    auto *rotateLayout = new QVBoxLayout(rotateBox);
    rotateLayout->addWidget(new QLabel(tr("New keys and certificates from the same CA; each "
                                          "broker restarts in turn, so clients that trust the "
                                          "CA keep working."),
                                       rotateBox));
    rotateLayout->addWidget(m_rotateButton);
    rotateLayout->addWidget(m_rotateBar);
    rotateLayout->addWidget(m_rotateStatus);
    m_rotateTimer = new QTimer(this);
    m_rotateTimer->setInterval(500);
    connect(m_rotateTimer, &QTimer::timeout, this, &CertificatesPage::pollRotation);

    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(caBox);
    layout->addWidget(issueBox);
    layout->addWidget(rotateBox);
    layout->addWidget(m_status);
    layout->addStretch(1);
}

void CertificatesPage::refresh()
{
    m_agent->call(
        QStringLiteral("GetClusterCa"),
        {{QStringLiteral("ClusterArn"), m_arn}},
        this,
        [this](const AgentReply &r) {
            if (!r.ok) {
                m_caLabel->setText(tr("No certificate authority: %1").arg(r.message));
                m_pem->clear();
                emit caLoaded(false);
                return;
            }
            m_ca = inspectCertificate(r.result.value(QStringLiteral("CertificatePem")).toString());
            if (m_ca.subject.isEmpty())
                m_ca.subject = r.result.value(QStringLiteral("Subject")).toString();
            if (m_ca.notAfter.isEmpty())
                m_ca.notAfter = r.result.value(QStringLiteral("NotAfter")).toString();
            m_caLabel->setText(tr("Subject: %1\nValid from %2 to %3\nSHA-256: %4")
                                   .arg(m_ca.subject, m_ca.notBefore, m_ca.notAfter, m_ca.sha256));
            m_pem->setPlainText(m_ca.pem);
            emit caLoaded(true);
        });
}

QString CertificatesPage::caText() const
{
    return m_caLabel->text();
}

void CertificatesPage::copyCaPem()
{
    if (m_ca.pem.isEmpty())
        return;
    QApplication::clipboard()->setText(m_ca.pem);
    m_status->setText(tr("The CA's PEM is on the clipboard."));
}

void CertificatesPage::exportCaPem(const QString &path)
{
    if (m_ca.pem.isEmpty()) {
        m_status->setText(tr("The CA is not loaded yet."));
        emit caExported(false, m_status->text());
        return;
    }
    const QString folder = QFileInfo(path).absolutePath();
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, path] {
        const QString error = watcher->result();
        watcher->deleteLater();
        m_status->setText(error.isEmpty() ? tr("The CA is saved in %1.").arg(path) : error);
        emit caExported(error.isEmpty(), m_status->text());
    });
    watcher->setFuture(QtConcurrent::run(
        writeFiles, folder, QList<FileToWrite>{{path, m_ca.pem.toLatin1(), false}}));
}

void CertificatesPage::issueClientCertificate(const QString &commonName, const QString &folder)
{
    const QString cn = commonName.trimmed();
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$"));
    QString problem;
    if (!valid.match(cn).hasMatch())
        problem = tr("The common name has 1 to 64 letters, digits, '.', '_', '@' or '-' and "
                     "starts with a letter or digit.");
    else if (folder.trimmed().isEmpty())
        problem = tr("Choose the folder for the certificate's files.");
    if (!problem.isEmpty()) {
        m_issued->setText(problem);
        emit certificateIssued(false, QString(), problem);
        return;
    }
    m_issueButton->setEnabled(false);
    m_issued->setText(tr("Issuing…"));
    const QString dir = QDir(folder.trimmed()).absolutePath();
    m_agent->call(
        QStringLiteral("IssueClientCertificate"),
        {{QStringLiteral("ClusterArn"), m_arn}, {QStringLiteral("CommonName"), cn}},
        this,
        [this, cn, dir](const AgentReply &r) {
            if (!r.ok) {
                m_issueButton->setEnabled(true);
                const QString sentence
                    = tr("Could not issue a certificate for %1: %2").arg(cn, r.message);
                m_issued->setText(sentence);
                emit certificateIssued(false, QString(), sentence);
                return;
            }
            const QString principal = r.result.value(QStringLiteral("Principal")).toString();
            const QList<FileToWrite> files
                = {{QDir(dir).filePath(cn + QStringLiteral("-key.pem")),
                    r.result.value(QStringLiteral("PrivateKeyPem")).toString().toLatin1(),
                    true},
                   {QDir(dir).filePath(cn + QStringLiteral(".pem")),
                    r.result.value(QStringLiteral("CertificatePem")).toString().toLatin1(),
                    false},
                   {QDir(dir).filePath(QStringLiteral("ca.pem")),
                    r.result.value(QStringLiteral("CaCertificatePem")).toString().toLatin1(),
                    false}};
            auto *watcher = new QFutureWatcher<QString>(this);
            connect(watcher,
                    &QFutureWatcher<QString>::finished,
                    this,
                    [this, watcher, principal, dir, cn] {
                        const QString error = watcher->result();
                        watcher->deleteLater();
                        m_issueButton->setEnabled(true);
                        const QString sentence
                            = error.isEmpty()
                                  ? tr("Issued. The brokers see this client as %1.\nFiles in "
                                       "%2: %3.pem, %3-key.pem (only you can read it) and "
                                       "ca.pem.")
                                        .arg(principal, dir, cn)
                                  : error;
                        m_issued->setText(sentence);
                        emit certificateIssued(error.isEmpty(), principal, sentence);
                    });
            watcher->setFuture(QtConcurrent::run(writeFiles, dir, files));
        });
}

QString CertificatesPage::issuedText() const
{
    return m_issued->text();
}

void CertificatesPage::confirmRotate()
{
    auto *box = new QMessageBox(QMessageBox::Question,
                                tr("Rotate broker certificates"),
                                tr("Issue new broker certificates and restart the brokers one "
                                   "by one?"),
                                QMessageBox::Yes | QMessageBox::Cancel,
                                this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, box](QAbstractButton *b) {
        if (box->standardButton(b) == QMessageBox::Yes)
            rotateBrokerCertificates();
    });
    box->open();
}

void CertificatesPage::rotateBrokerCertificates()
{
    m_rotateButton->setEnabled(false);
    m_rotateBar->setValue(0);
    m_rotateStatus->setText(tr("Starting the rotation…"));
    m_agent->call(QStringLiteral("RotateBrokerCertificates"),
                  {{QStringLiteral("ClusterArn"), m_arn}},
                  this,
                  [this](const AgentReply &r) {
                      if (!r.ok) {
                          m_rotateButton->setEnabled(true);
                          const QString sentence
                              = tr("Could not rotate the certificates: %1").arg(r.message);
                          m_rotateStatus->setText(sentence);
                          emit rotationFinished(false, sentence);
                          return;
                      }
                      m_rotationArn
                          = r.result.value(QStringLiteral("ClusterOperationArn")).toString();
                      m_rotateTimer->start();
                      pollRotation();
                  });
}

void CertificatesPage::pollRotation()
{
    if (m_polling || m_rotationArn.isEmpty())
        return;
    m_polling = true;
    m_agent->call(
        QStringLiteral("ListClusterOperations"),
        {{QStringLiteral("ClusterArn"), m_arn}},
        this,
        [this](const AgentReply &r) {
            m_polling = false;
            if (!r.ok) {
                m_rotateStatus->setText(tr("Could not read the progress: %1").arg(r.message));
                return;
            }
            for (const QJsonValue &v :
                 r.result.value(QStringLiteral("ClusterOperationInfoList")).toArray()) {
                const QJsonObject op = v.toObject();
                if (op.value(QStringLiteral("OperationArn")).toString() != m_rotationArn)
                    continue;
                const QJsonArray steps = op.value(QStringLiteral("OperationSteps")).toArray();
                int total = 0;
                QString current;
                for (const QJsonValue &s : steps) {
                    const QJsonObject so = s.toObject();
                    const QString status = so.value(QStringLiteral("StepInfo"))
                                               .toObject()
                                               .value(QStringLiteral("StepStatus"))
                                               .toString();
                    const bool done = status == QLatin1String("COMPLETED");
                    total += done ? 100 : so.value(QStringLiteral("Progress")).toInt();
                    if (!done && current.isEmpty())
                        current = so.value(QStringLiteral("StepName")).toString();
                }
                if (!steps.isEmpty())
                    m_rotateBar->setValue(total / int(steps.size()));
                const QString state = op.value(QStringLiteral("OperationState")).toString();
                if (state == QLatin1String("UPDATE_COMPLETE")
                    || state == QLatin1String("UPDATE_FAILED")) {
                    m_rotateTimer->stop();
                    m_rotationArn.clear();
                    m_rotateButton->setEnabled(true);
                    const bool ok = state == QLatin1String("UPDATE_COMPLETE");
                    if (ok)
                        m_rotateBar->setValue(100);
                    const QString sentence = ok ? tr("Every broker runs with its new certificate.")
                                                : tr("The rotation failed: %1")
                                                      .arg(op.value(QStringLiteral("ErrorInfo"))
                                                               .toObject()
                                                               .value(QStringLiteral("ErrorString"))
                                                               .toString());
                    m_rotateStatus->setText(sentence);
                    emit rotationFinished(ok, sentence);
                } else {
                    m_rotateStatus->setText(current.isEmpty() ? tr("Rotating…") : current);
                }
                return;
            }
        },
        5000);
}

int CertificatesPage::rotationProgress() const
{
    return m_rotateBar->value();
}

QString CertificatesPage::status() const
{
    return m_status->text();
}

} // namespace runnel::ui
