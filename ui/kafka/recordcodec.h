#pragma once

// How records are matched by a search and written to / read from JSON lines. Pure
// functions, safe on any thread.
//
// One JSON object per line:
//   {"partition":0,"offset":12,"timestamp":1764080000000,
//    "key":"k-1","key_encoding":"utf8",        (key null: "key":null)
//    "value":"AAEC","value_encoding":"base64", (utf8 when the bytes are valid UTF-8)
//    "headers":[{"key":"trace","value":"abc","value_encoding":"utf8"}]}

#include "ui/kafka/kafkatypes.h"

#include <QRegularExpression>

namespace runnel::ui {

struct SearchCriteria
{
    enum class Field { Any, Key, Value, Headers };
    enum class Mode { Contains, Regex };
    Field field = Field::Any;
    Mode mode = Mode::Contains;
    QString text;
    bool caseSensitive = true;

    // Compiles the pattern; a sentence when the regular expression is invalid.
    QString prepare();
    bool matches(const KafkaRecord &record) const;

private:
    bool matchBytes(const QByteArray &bytes) const;
    QByteArray m_needle;
    QRegularExpression m_regex;
};

QByteArray recordToJsonLine(const KafkaRecord &record);
// Parses one line; `error` gets a sentence naming what is wrong.
bool recordFromJsonLine(const QByteArray &line, KafkaRecord *record, QString *error);

// Text for a value cell or the detail pane: UTF-8 when valid, else a marked hex preview.
bool isValidUtf8(const QByteArray &bytes);
QString previewText(const QByteArray &bytes, bool isNull, int maxChars);

} // namespace runnel::ui
