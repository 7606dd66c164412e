#pragma once

// Ready-made client settings for one cluster ("View client information"): a kcat command
// line, librdkafka properties, Java client properties and a Python confluent-kafka
// snippet, all derived from the same ConnectionSettings. Passwords are written as a
// placeholder, never the saved secret.

#include "ui/kafka/connectionsettings.h"

#include <QString>

namespace runnel::ui::clientinfo {

QString kcat(const ConnectionSettings &settings);
QString librdkafka(const ConnectionSettings &settings);
QString java(const ConnectionSettings &settings);
QString python(const ConnectionSettings &settings);

} // namespace runnel::ui::clientinfo
