#include "ui/kafka/recordcodec.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringDecoder>

namespace runnel::ui {

QString SearchCriteria::prepare()
{
    if (mode == Mode::Regex) {
        m_regex = QRegularExpression(text,
                                     caseSensitive ? QRegularExpression::NoPatternOption
                                                   : QRegularExpression::CaseInsensitiveOption);
        if (!m_regex.isValid())
            return QCoreApplication::translate("runnel::ui::SearchCriteria",
                                               "The regular expression is not valid: %1.")
                .arg(m_regex.errorString());
        m_regex.optimize();
    } else {
        m_needle = caseSensitive ? text.toUtf8() : text.toUtf8().toLower();
    }
    return {};
}

bool SearchCriteria::matchBytes(const QByteArray &bytes) const
{
    if (mode == Mode::Regex)
        return m_regex.match(QString::fromUtf8(bytes)).hasMatch();
    if (m_needle.isEmpty())
        return true;
    if (caseSensitive)
        return bytes.contains(m_needle);
    return bytes.toLower().contains(m_needle);
}

bool SearchCriteria::matches(const KafkaRecord &r) const
{
    const bool key = field == Field::Any || field == Field::Key;
    const bool value = field == Field::Any || field == Field::Value;
    const bool headers = field == Field::Any || field == Field::Headers;
    if (key && !r.keyNull && matchBytes(r.key))
        return true;
    if (value && !r.valueNull && matchBytes(r.value))
        return true;
    if (headers)
        for (const auto &h : r.headers)
            if (matchBytes(h.key) || (!h.valueNull && matchBytes(h.value)))
                return true;
    return false;
}

bool isValidUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString s = decoder.decode(bytes);
    return !decoder.hasError();
}

QString previewText(const QByteArray &bytes, bool isNull, int maxChars)
{
    if (isNull)
        return QStringLiteral("null");
    const QByteArray head = bytes.left(maxChars * 4);
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString s = decoder.decode(head);
    // A cut in the middle of a multi-byte character is not binary data.
    if (decoder.hasError()
        && !(head.size() < bytes.size() && isValidUtf8(head.left(head.size() - 3))))
        return QStringLiteral("0x") + QString::fromLatin1(bytes.left(maxChars / 2).toHex());
    s.replace(QLatin1Char('\n'), QChar(0x21B5));
    if (s.size() > maxChars || head.size() < bytes.size())
        s = s.left(maxChars) + QChar(0x2026);
    return s;
}

static void putBytes(QJsonObject &o, const QString &name, const QByteArray &bytes, bool isNull)
{
    if (isNull) {
        o.insert(name, QJsonValue::Null);
        return;
    }
    if (isValidUtf8(bytes)) {
        o.insert(name, QString::fromUtf8(bytes));
        o.insert(name + QStringLiteral("_encoding"), QStringLiteral("utf8"));
    } else {
        o.insert(name, QString::fromLatin1(bytes.toBase64()));
        o.insert(name + QStringLiteral("_encoding"), QStringLiteral("base64"));
    }
}

QByteArray recordToJsonLine(const KafkaRecord &r)
{
    QJsonObject o;
    o.insert(QStringLiteral("partition"), r.partition);
    o.insert(QStringLiteral("offset"), r.offset);
    o.insert(QStringLiteral("timestamp"), r.timestampMs);
    putBytes(o, QStringLiteral("key"), r.key, r.keyNull);
    putBytes(o, QStringLiteral("value"), r.value, r.valueNull);
    QJsonArray headers;
    for (const auto &h : r.headers) {
        QJsonObject ho;
        ho.insert(QStringLiteral("key"), QString::fromUtf8(h.key));
        putBytes(ho, QStringLiteral("value"), h.value, h.valueNull);
        headers.append(ho);
    }
    o.insert(QStringLiteral("headers"), headers);
    QByteArray line = QJsonDocument(o).toJson(QJsonDocument::Compact);
    line.append('\n');
    return line;
}

static bool
getBytes(const QJsonObject &o, const QString &name, QByteArray *bytes, bool *isNull, QString *error)
{
    const QJsonValue v = o.value(name);
    if (v.isNull() || v.isUndefined()) {
        *isNull = true;
        bytes->clear();
        return true;
    }
    if (!v.isString()) {
        *error = QCoreApplication::translate("runnel::ui::RecordCodec",
                                             "\"%1\" must be a string or null.")
                     .arg(name);
        return false;
    }
    *isNull = false;
    const QString encoding
        = o.value(name + QStringLiteral("_encoding")).toString(QStringLiteral("utf8"));
    if (encoding == QLatin1String("base64")) {
        auto decoded = QByteArray::fromBase64Encoding(v.toString().toLatin1(),
                                                      QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded) {
            *error = QCoreApplication::translate("runnel::ui::RecordCodec",
                                                 "\"%1\" is marked base64 but is not valid base64.")
                         .arg(name);
            return false;
        }
        *bytes = *decoded;
    } else if (encoding == QLatin1String("utf8")) {
        *bytes = v.toString().toUtf8();
    } else {
        *error = QCoreApplication::translate("runnel::ui::RecordCodec",
                                             "\"%1_encoding\" must be \"utf8\" or \"base64\".")
                     .arg(name);
        return false;
    }
    return true;
}

bool recordFromJsonLine(const QByteArray &line, KafkaRecord *r, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = QCoreApplication::translate("runnel::ui::RecordCodec",
                                             "The line is not a JSON object (%1).")
                     .arg(parseError.errorString());
        return false;
    }
    const QJsonObject o = doc.object();
    *r = KafkaRecord{};
    r->partition = o.value(QStringLiteral("partition")).toInt(-1);
    r->offset = qint64(o.value(QStringLiteral("offset")).toDouble(-1));
    r->timestampMs = qint64(o.value(QStringLiteral("timestamp")).toDouble(-1));
    if (!getBytes(o, QStringLiteral("key"), &r->key, &r->keyNull, error))
        return false;
    if (!getBytes(o, QStringLiteral("value"), &r->value, &r->valueNull, error))
        return false;
    const QJsonArray headers = o.value(QStringLiteral("headers")).toArray();
    for (const auto &hv : headers) {
        const QJsonObject ho = hv.toObject();
        KafkaHeader h;
        h.key = ho.value(QStringLiteral("key")).toString().toUtf8();
        if (!getBytes(ho, QStringLiteral("value"), &h.value, &h.valueNull, error))
            return false;
        r->headers.append(h);
    }
    return true;
}

} // namespace runnel::ui
