#include "ui/app/connectionstore.h"

#include <QPointer>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>

namespace runnel::ui {

namespace {

const QString kGroup = QStringLiteral("connections");

QStringList secretAttributes(const QString &name)
{
    return {QStringLiteral("application"),
            QStringLiteral("runnel"),
            QStringLiteral("connection"),
            name};
}

} // namespace

ConnectionStore::ConnectionStore(QObject *parent)
    : QObject(parent)
{}

QString ConnectionStore::secretToolPath()
{
    return QStandardPaths::findExecutable(QStringLiteral("secret-tool"));
}

QString ConnectionStore::validateName(const QString &name)
{
    static const QRegularExpression valid(QStringLiteral("^[\\w][\\w .-]{0,63}$"));
    if (name.trimmed().isEmpty())
        return tr("Give the connection a name.");
    if (!valid.match(name).hasMatch())
        return tr("A connection name has up to 64 letters, digits, spaces, dots, hyphens or "
                  "underscores, and starts with a letter or digit.");
    return {};
}

QList<ConnectionSettings> ConnectionStore::connections() const
{
    QList<ConnectionSettings> list;
    QSettings settings;
    settings.beginGroup(kGroup);
    for (const QString &name : settings.childGroups()) {
        settings.beginGroup(name);
        ConnectionSettings c;
        c.name = QString::fromUtf8(QByteArray::fromPercentEncoding(name.toUtf8()));
        c.bootstrapServers = settings.value(QStringLiteral("bootstrap")).toString();
        c.security = ConnectionSettings::Security(
            qBound(0, settings.value(QStringLiteral("security")).toInt(), 3));
        c.mechanism = ConnectionSettings::Mechanism(
            qBound(0, settings.value(QStringLiteral("mechanism")).toInt(), 2));
        c.username = settings.value(QStringLiteral("username")).toString();
        c.caFile = settings.value(QStringLiteral("caFile")).toString();
        c.certFile = settings.value(QStringLiteral("certFile")).toString();
        c.keyFile = settings.value(QStringLiteral("keyFile")).toString();
        c.password = m_sessionPasswords.value(c.name);
        settings.endGroup();
        list.append(c);
    }
    return list;
}

std::optional<ConnectionSettings> ConnectionStore::connection(const QString &name) const
{
    for (const ConnectionSettings &c : connections()) {
        if (c.name == name)
            return c;
    }
    return std::nullopt;
}

void ConnectionStore::save(const ConnectionSettings &c,
                           QObject *context,
                           std::function<void(bool, const QString &)> done)
{
    QSettings settings;
    settings.beginGroup(kGroup);
    settings.beginGroup(QString::fromLatin1(c.name.toUtf8().toPercentEncoding()));
    settings.setValue(QStringLiteral("bootstrap"), c.bootstrapServers);
    settings.setValue(QStringLiteral("security"), int(c.security));
    settings.setValue(QStringLiteral("mechanism"), int(c.mechanism));
    settings.setValue(QStringLiteral("username"), c.username);
    settings.setValue(QStringLiteral("caFile"), c.caFile);
    settings.setValue(QStringLiteral("certFile"), c.certFile);
    settings.setValue(QStringLiteral("keyFile"), c.keyFile);
    settings.endGroup();
    settings.endGroup();
    settings.sync();
    m_sessionPasswords.insert(c.name, c.password);
    emit changed();

    QPointer<QObject> guard(context);
    if (!c.usesSasl() || c.password.isEmpty()) {
        if (guard)
            done(false, tr("Saved. This connection has no password to keep."));
        return;
    }
    const QString tool = secretToolPath();
    if (tool.isEmpty()) {
        if (guard)
            done(false,
                 tr("Saved without the password: no keychain was found (install "
                    "libsecret-tools and a Secret Service such as GNOME Keyring). The "
                    "password is kept for this session only."));
        return;
    }
    auto *process = new QProcess(this);
    QStringList args{
        QStringLiteral("store"), QStringLiteral("--label"), tr("Runnel connection %1").arg(c.name)};
    args += secretAttributes(c.name);
    connect(
        process,
        &QProcess::finished,
        this,
        [process, guard, done](int code, QProcess::ExitStatus status) {
            process->deleteLater();
            const bool ok = status == QProcess::NormalExit && code == 0;
            if (!guard)
                return;
            if (ok)
                done(true, tr("Saved; the password is in your keychain."));
            else
                done(false,
                     tr("Saved without the password: the keychain refused it (%1). The password "
                        "is kept for this session only.")
                         .arg(QString::fromLocal8Bit(process->readAllStandardError()).trimmed()));
        });
    connect(process,
            &QProcess::errorOccurred,
            this,
            [process, guard, done](QProcess::ProcessError error) {
                if (error != QProcess::FailedToStart)
                    return;
                process->deleteLater();
                if (guard)
                    done(false,
                         tr("Saved without the password: secret-tool could not start. The password "
                            "is kept for this session only."));
            });
    process->start(tool, args);
    process->write(c.password.toUtf8());
    process->closeWriteChannel();
}

void ConnectionStore::remove(const QString &name)
{
    QSettings settings;
    settings.beginGroup(kGroup);
    settings.remove(QString::fromLatin1(name.toUtf8().toPercentEncoding()));
    settings.endGroup();
    m_sessionPasswords.remove(name);
    // Detached: clearing the keychain entry must not be cut short by the console exiting.
    if (const QString tool = secretToolPath(); !tool.isEmpty()) {
        QProcess clear;
        clear.setProgram(tool);
        clear.setArguments(QStringList{QStringLiteral("clear")} + secretAttributes(name));
        clear.setStandardOutputFile(QProcess::nullDevice());
        clear.setStandardErrorFile(QProcess::nullDevice());
        clear.startDetached();
    }
    emit changed();
}

void ConnectionStore::loadPassword(const QString &name,
                                   QObject *context,
                                   std::function<void(const QString &)> done)
{
    QPointer<QObject> guard(context);
    if (const auto it = m_sessionPasswords.constFind(name); it != m_sessionPasswords.constEnd()) {
        done(it.value());
        return;
    }
    const QString tool = secretToolPath();
    if (tool.isEmpty()) {
        done({});
        return;
    }
    auto *process = new QProcess(this);
    QPointer<ConnectionStore> self(this);
    connect(process,
            &QProcess::finished,
            this,
            [self, process, guard, done, name](int code, QProcess::ExitStatus) {
                process->deleteLater();
                QString password;
                if (code == 0)
                    password = QString::fromUtf8(process->readAllStandardOutput());
                if (self && !password.isEmpty())
                    self->m_sessionPasswords.insert(name, password);
                if (guard)
                    done(password);
            });
    connect(process,
            &QProcess::errorOccurred,
            this,
            [process, guard, done](QProcess::ProcessError error) {
                if (error != QProcess::FailedToStart)
                    return;
                process->deleteLater();
                if (guard)
                    done({});
            });
    process->start(tool, QStringList{QStringLiteral("lookup")} + secretAttributes(name));
}

} // namespace runnel::ui
