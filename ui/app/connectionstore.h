#pragma once

// ConnectionStore: the saved external connections. Everything but the password goes to
// QSettings ("connections/<name>/..."); the password goes to the desktop keychain
// (Secret Service, through `secret-tool` from libsecret-tools, run asynchronously with
// QProcess) and never to a file. Without a keychain the password is kept in memory for
// this session only, and the caller is told so (decision 0013). GUI thread.

#include "ui/kafka/connectionsettings.h"

#include <QHash>
#include <QObject>
#include <QString>

#include <functional>

namespace runnel::ui {

class ConnectionStore : public QObject
{
    Q_OBJECT

public:
    explicit ConnectionStore(QObject *parent = nullptr);

    // Saved connections, passwords from this session's memory when known.
    QList<ConnectionSettings> connections() const;
    std::optional<ConnectionSettings> connection(const QString &name) const;

    // Saves the settings; `done(inKeychain, sentence)` says where the password went.
    void save(const ConnectionSettings &settings,
              QObject *context,
              std::function<void(bool inKeychain, const QString &sentence)> done);
    void remove(const QString &name);
    // Fetches the password from the keychain (or the session); `done("")` if none.
    void
    loadPassword(const QString &name, QObject *context, std::function<void(const QString &)> done);

    static QString secretToolPath();
    static QString validateName(const QString &name); // empty when valid, else a sentence

signals:
    void changed();

private:
    QHash<QString, QString> m_sessionPasswords;
};

} // namespace runnel::ui
