#include "ui/app/connectiondialog.h"

#include "ui/app/connectionstore.h"
#include "ui/app/connectiontester.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace runnel::ui {

ConnectionDialog::ConnectionDialog(ConnectionStore *store,
                                   const std::optional<ConnectionSettings> &existing,
                                   QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_name(new QLineEdit(this))
    , m_bootstrap(new QLineEdit(this))
    , m_user(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_ca(new QLineEdit(this))
    , m_cert(new QLineEdit(this))
    , m_key(new QLineEdit(this))
    , m_security(new QComboBox(this))
    , m_mechanism(new QComboBox(this))
    , m_result(new QLabel(this))
{
    setWindowTitle(existing ? tr("Edit connection") : tr("Add external cluster"));
    resize(600, 0);
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    m_name->setPlaceholderText(tr("for example staging MSK"));
    m_bootstrap->setPlaceholderText(QStringLiteral("b-1.example:9096,b-2.example:9096"));
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("Bootstrap servers"), m_bootstrap);
    m_security->addItem(tr("Plaintext"), int(ConnectionSettings::Security::Plaintext));
    m_security->addItem(tr("TLS"), int(ConnectionSettings::Security::Ssl));
    m_security->addItem(tr("SASL over plaintext"),
                        int(ConnectionSettings::Security::SaslPlaintext));
    m_security->addItem(tr("SASL over TLS"), int(ConnectionSettings::Security::SaslSsl));
    form->addRow(tr("Security"), m_security);
    m_mechanism->addItem(QStringLiteral("SCRAM-SHA-512"),
                         int(ConnectionSettings::Mechanism::ScramSha512));
    m_mechanism->addItem(QStringLiteral("SCRAM-SHA-256"),
                         int(ConnectionSettings::Mechanism::ScramSha256));
    m_mechanism->addItem(QStringLiteral("PLAIN"), int(ConnectionSettings::Mechanism::Plain));
    form->addRow(tr("SASL mechanism"), m_mechanism);
    form->addRow(tr("User name"), m_user);
    m_password->setEchoMode(QLineEdit::Password);
    form->addRow(tr("Password"), m_password);
    form->addRow(tr("CA certificate (PEM)"), fileField(m_ca, tr("CA certificate")));
    form->addRow(tr("Client certificate (PEM)"), fileField(m_cert, tr("Client certificate")));
    form->addRow(tr("Client key (PEM)"), fileField(m_key, tr("Client key")));
    m_ca->setPlaceholderText(tr("empty: the system's certificate store"));
    m_cert->setPlaceholderText(tr("only for TLS client authentication"));
    layout->addLayout(form);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_result);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_test = buttons->addButton(tr("Test connection"), QDialogButtonBox::ActionRole);
    m_save = buttons->addButton(tr("Save"), QDialogButtonBox::AcceptRole);
    connect(m_test, &QPushButton::clicked, this, &ConnectionDialog::test);
    connect(m_save, &QPushButton::clicked, this, &ConnectionDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    for (QLineEdit *e : {m_name, m_bootstrap, m_user, m_password, m_ca, m_cert, m_key})
        connect(e, &QLineEdit::textChanged, this, &ConnectionDialog::updateEnabled);
    connect(m_security, &QComboBox::currentIndexChanged, this, &ConnectionDialog::updateEnabled);
    if (existing) {
        m_originalName = existing->name;
        setSettings(*existing);
        if (existing->usesSasl() && existing->password.isEmpty())
            m_store->loadPassword(existing->name, this, [this](const QString &password) {
                if (m_password->text().isEmpty())
                    m_password->setText(password);
            });
    }
    updateEnabled();
}

QWidget *ConnectionDialog::fileField(QLineEdit *edit, const QString &title)
{
    auto *w = new QWidget(this);
    auto *row = new QHBoxLayout(w);
    row->setContentsMargins(0, 0, 0, 0);
    auto *browse = new QPushButton(tr("Browse…"), w);
    connect(browse, &QPushButton::clicked, this, [this, edit, title] {
        const QString path = QFileDialog::getOpenFileName(
            this, title, edit->text(), tr("PEM files (*.pem *.crt *.key);;All files (*)"));
        if (!path.isEmpty())
            edit->setText(path);
    });
    row->addWidget(edit, 1);
    row->addWidget(browse);
    return w;
}

ConnectionSettings ConnectionDialog::settings() const
{
    ConnectionSettings s;
    s.name = m_name->text().trimmed();
    s.bootstrapServers = m_bootstrap->text().trimmed();
    s.security = ConnectionSettings::Security(m_security->currentData().toInt());
    s.mechanism = ConnectionSettings::Mechanism(m_mechanism->currentData().toInt());
    if (s.usesSasl()) {
        s.username = m_user->text();
        s.password = m_password->text();
    }
    if (s.usesTls()) {
        s.caFile = m_ca->text().trimmed();
        s.certFile = m_cert->text().trimmed();
        s.keyFile = m_key->text().trimmed();
    }
    return s;
}

void ConnectionDialog::setSettings(const ConnectionSettings &s)
{
    m_name->setText(s.name);
    m_bootstrap->setText(s.bootstrapServers);
    m_security->setCurrentIndex(m_security->findData(int(s.security)));
    m_mechanism->setCurrentIndex(m_mechanism->findData(int(s.mechanism)));
    m_user->setText(s.username);
    m_password->setText(s.password);
    m_ca->setText(s.caFile);
    m_cert->setText(s.certFile);
    m_key->setText(s.keyFile);
}

QString ConnectionDialog::validate() const
{
    const ConnectionSettings s = settings();
    if (const QString e = ConnectionStore::validateName(s.name); !e.isEmpty())
        return e;
    if (const QString e = validateFields(); !e.isEmpty())
        return e;
    if (s.name != m_originalName && m_store->connection(s.name))
        return tr("A connection named %1 exists already.").arg(s.name);
    return {};
}

QString ConnectionDialog::validateFields() const
{
    const ConnectionSettings s = settings();
    static const QRegularExpression hostPort(
        QStringLiteral("^[A-Za-z0-9._\\-\\[\\]:]+:[0-9]{1,5}$"));
    if (s.bootstrapServers.isEmpty())
        return tr("Enter at least one bootstrap server as host:port.");
    for (const QString &server : s.bootstrapServers.split(QLatin1Char(','))) {
        if (!hostPort.match(server.trimmed()).hasMatch())
            return tr("“%1” is not host:port.").arg(server.trimmed());
    }
    if (s.usesSasl() && s.username.isEmpty())
        return tr("Enter the SASL user name.");
    if (s.usesSasl() && s.password.isEmpty())
        return tr("Enter the SASL password.");
    if (s.usesTls()) {
        for (const QString &file : {s.caFile, s.certFile, s.keyFile}) {
            if (!file.isEmpty() && !QFileInfo(file).isReadable())
                return tr("The file %1 cannot be read.").arg(file);
        }
        if (s.certFile.isEmpty() != s.keyFile.isEmpty())
            return tr("A client certificate needs its key, and a key its certificate.");
    }
    return {};
}

void ConnectionDialog::updateEnabled()
{
    const auto s = settings();
    const bool sasl = s.usesSasl(), tls = s.usesTls();
    for (QWidget *w : {static_cast<QWidget *>(m_mechanism),
                       static_cast<QWidget *>(m_user),
                       static_cast<QWidget *>(m_password)})
        w->setEnabled(sasl);
    for (QLineEdit *e : {m_ca, m_cert, m_key})
        e->parentWidget()->setEnabled(tls);
    const QString problem = validate();
    m_save->setEnabled(problem.isEmpty());
    m_test->setEnabled(validateFields().isEmpty()); // a connection can be tested before it is named
    if (!m_name->text().isEmpty() || !m_bootstrap->text().isEmpty())
        m_result->setText(problem);
}

void ConnectionDialog::test()
{
    m_test->setEnabled(false);
    m_result->setText(tr("Testing the connection…"));
    auto *watcher = new QFutureWatcher<ConnectionTestResult>(this);
    connect(watcher, &QFutureWatcher<ConnectionTestResult>::finished, this, [this, watcher] {
        watcher->deleteLater();
        const ConnectionTestResult r = watcher->result();
        m_test->setEnabled(true);
        m_result->setText(r.message);
        emit tested(r.ok, r.message);
    });
    watcher->setFuture(testConnection(settings()));
}

void ConnectionDialog::save()
{
    if (const QString problem = validate(); !problem.isEmpty()) {
        m_result->setText(problem);
        return;
    }
    const ConnectionSettings s = settings();
    if (!m_originalName.isEmpty() && m_originalName != s.name)
        m_store->remove(m_originalName);
    m_save->setEnabled(false);
    m_store->save(s, this, [this, name = s.name](bool, const QString &sentence) {
        emit saved(name, sentence);
        accept();
    });
}

} // namespace runnel::ui
