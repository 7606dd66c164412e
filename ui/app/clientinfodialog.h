#pragma once

// ClientInfoDialog: "View client information" — bootstrap strings per listener kind and
// copyable client settings (kcat, librdkafka, Java, Python) for one cluster.

#include "ui/kafka/connectionsettings.h"

#include <QDialog>
#include <QList>
#include <QPair>

namespace runnel::ui {

class ClientInfoDialog : public QDialog
{
    Q_OBJECT

public:
    // bootstrapByListener: (listener kind, bootstrap string or a sentence why absent).
    ClientInfoDialog(const ConnectionSettings &settings,
                     const QList<QPair<QString, QString>> &bootstrapByListener,
                     QWidget *parent = nullptr);
};

} // namespace runnel::ui
