#include "ui/data/messagespage.h"

#include "ui/data/datawidgets.h"
#include "ui/data/producedialog.h"
#include "ui/models/messagemodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <cstdio>
#include <mutex>

namespace runnel::ui {

namespace {

constexpr int kPreviewValueBytes = 4096; // what the browser keeps of each value
constexpr int kHexLimit = 64 * 1024;     // the hex tab shows at most this much
constexpr int kImportChunk = 5000;

QString hexDump(const QByteArray &bytes)
{
    QString out;
    const int n = int(qMin<qsizetype>(bytes.size(), kHexLimit));
    out.reserve(n * 4 + 64);
    for (int row = 0; row < n; row += 16) {
        out += QStringLiteral("%1  ").arg(row, 8, 16, QLatin1Char('0'));
        QString ascii;
        for (int i = 0; i < 16; ++i) {
            if (row + i < n) {
                const auto c = static_cast<unsigned char>(bytes.at(row + i));
                out += QStringLiteral("%1 ").arg(c, 2, 16, QLatin1Char('0'));
                ascii += (c >= 32 && c < 127) ? QChar(c) : QLatin1Char('.');
            } else {
                out += QLatin1String("   ");
            }
            if (i == 7)
                out += QLatin1Char(' ');
        }
        out += QLatin1Char(' ') + ascii + QLatin1Char('\n');
    }
    if (bytes.size() > n)
        out += MessagesPage::tr("… %1 more bytes not shown").arg(bytes.size() - n);
    return out;
}

} // namespace

struct MessagesPage::MatchBuffer
{
    std::mutex mutex;
    QList<KafkaRecord> pending;
    qint64 kept = 0;
    qint64 limit = 0;
};

struct MessagesPage::ImportJob
{
    QString path;
    QString topic;
    bool keepPartitions = true;
    int partitionCount = 0;
    qint64 position = 0; // byte offset of the next line
    qint64 lineNumber = 0;
    qint64 produced = 0;
    KafkaService *service = nullptr;
};

MessagesPage::MessagesPage(KafkaService *service, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_model(new MessageModel(64, this))
    , m_results(new MessageListModel(10000, this))
    , m_tailTimer(new QTimer(this))
{
    // --- browse bar
    m_topic = new QComboBox(this);
    m_topic->setObjectName(QStringLiteral("topic"));
    m_topic->setEditable(true);
    m_topic->setMinimumContentsLength(20);
    m_partition = new QSpinBox(this);
    m_partition->setObjectName(QStringLiteral("partition"));
    m_partition->setRange(-1, 99999);
    m_partition->setValue(-1);
    m_partition->setSpecialValueText(tr("All partitions"));
    m_startMode = new QComboBox(this);
    m_startMode->setObjectName(QStringLiteral("start"));
    m_startMode->addItem(tr("From the beginning"));
    m_startMode->addItem(tr("Newest N per partition"));
    m_startMode->addItem(tr("From offset"));
    m_startMode->addItem(tr("From time"));
    m_startValue = new QLineEdit(this);
    m_startValue->setObjectName(QStringLiteral("startValue"));
    m_startValue->setPlaceholderText(tr("N, offset or time"));
    auto *openButton = new QPushButton(tr("&Open"), this);
    openButton->setObjectName(QStringLiteral("open"));
    m_tail = new QCheckBox(tr("Live &tail"), this);
    auto *produceButton = new QPushButton(tr("&Produce…"), this);
    auto *exportButton = new QPushButton(tr("&Export…"), this);
    auto *importButton = new QPushButton(tr("&Import…"), this);
    auto *replayButton = new QPushButton(tr("&Replay selection…"), this);
    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Topic:"), this));
    bar->addWidget(m_topic, 2);
    bar->addWidget(m_partition);
    bar->addWidget(m_startMode);
    bar->addWidget(m_startValue, 1);
    bar->addWidget(openButton);
    bar->addWidget(m_tail);
    auto *actions = new QHBoxLayout;
    actions->addWidget(produceButton);
    actions->addWidget(exportButton);
    actions->addWidget(importButton);
    actions->addWidget(replayButton);
    actions->addStretch(1);

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("messages"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->verticalHeader()->hide();
    // Fixed row heights: the view never asks every row for its size.
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setWordWrap(false);
    // Widths from the font, not from the rows: sizing to contents would make the lazy model
    // load pages just to measure them.
    {
        const QFontMetrics fm = m_view->fontMetrics();
        const int pad = 2 * fm.horizontalAdvance(QLatin1Char('M'));
        const auto fit = [&](int column, const QString &sample) {
            const QString title = MessageColumns::header(column).toString();
            m_view->setColumnWidth(
                column, qMax(fm.horizontalAdvance(sample), fm.horizontalAdvance(title)) + pad);
        };
        fit(MessageColumns::Partition, QStringLiteral("000"));
        fit(MessageColumns::Offset, QStringLiteral("0000000"));
        fit(MessageColumns::Timestamp, QStringLiteral("2026-01-01 00:00:00.000"));
    }

    // --- detail
    auto *detail = new QWidget(this);
    m_detailMeta = new QLabel(detail);
    m_detailMeta->setWordWrap(true);
    m_detailMeta->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *tabs = new QTabWidget(detail);
    auto makeText = [tabs](const QString &title) {
        auto *edit = new QPlainTextEdit(tabs);
        edit->setReadOnly(true);
        edit->setLineWrapMode(QPlainTextEdit::NoWrap);
        tabs->addTab(edit, title);
        return edit;
    };
    m_text = makeText(tr("Text"));
    m_json = makeText(tr("JSON"));
    m_hex = makeText(tr("Hex"));
    m_hex->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto *detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_detailMeta);
    detailLayout->addWidget(tabs, 1);

    // --- search
    auto *search = new QGroupBox(tr("Search the whole range"), this);
    m_searchField = new QComboBox(search);
    m_searchField->addItems({tr("Key, value or headers"), tr("Key"), tr("Value"), tr("Headers")});
    m_searchMode = new QComboBox(search);
    m_searchMode->addItems({tr("contains"), tr("matches regex")});
    m_searchText = new QLineEdit(search);
    m_searchText->setObjectName(QStringLiteral("searchText"));
    m_caseSensitive = new QCheckBox(tr("Match case"), search);
    m_caseSensitive->setChecked(true);
    m_searchFrom = new QComboBox(search);
    m_searchFrom->addItems({tr("from the beginning"), tr("from offset"), tr("from time")});
    m_searchFromValue = new QLineEdit(search);
    m_searchTo = new QComboBox(search);
    m_searchTo->addItems({tr("to the end"), tr("to offset"), tr("to time")});
    m_searchToValue = new QLineEdit(search);
    m_searchButton = new QPushButton(tr("&Search"), search);
    m_searchButton->setObjectName(QStringLiteral("search"));
    m_cancelButton = new QPushButton(tr("Cancel"), search);
    m_cancelButton->setEnabled(false);
    m_progress = new QProgressBar(search);
    m_progress->setRange(0, 1000);
    m_searchStatus = new QLabel(search);
    m_resultsView = new QTableView(search);
    m_resultsView->setObjectName(QStringLiteral("results"));
    m_resultsView->setModel(m_results);
    m_resultsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_resultsView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_resultsView->verticalHeader()->hide();
    m_resultsView->horizontalHeader()->setStretchLastSection(true);
    auto *searchRow1 = new QHBoxLayout;
    searchRow1->addWidget(m_searchField);
    searchRow1->addWidget(m_searchMode);
    searchRow1->addWidget(m_searchText, 1);
    searchRow1->addWidget(m_caseSensitive);
    auto *searchRow2 = new QHBoxLayout;
    searchRow2->addWidget(m_searchFrom);
    searchRow2->addWidget(m_searchFromValue);
    searchRow2->addWidget(m_searchTo);
    searchRow2->addWidget(m_searchToValue);
    searchRow2->addWidget(m_searchButton);
    searchRow2->addWidget(m_cancelButton);
    auto *searchLayout = new QVBoxLayout(search);
    searchLayout->addLayout(searchRow1);
    searchLayout->addLayout(searchRow2);
    searchLayout->addWidget(m_progress);
    searchLayout->addWidget(m_searchStatus);
    searchLayout->addWidget(m_resultsView, 1);

    // The criteria rows may be narrower than their combo boxes' longest entries, so the
    // message table keeps most of the width.
    for (QComboBox *box : {m_searchField, m_searchMode, m_searchFrom, m_searchTo}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(8);
    }
    auto *right = new QSplitter(Qt::Vertical, this);
    right->addWidget(detail);
    right->addWidget(search);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_view);
    split->addWidget(right);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setSizes({3000, 2000}); // 3:2 of the width, not of the panes' size hints
    m_status = new StatusLine(this);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addLayout(actions);
    layout->addWidget(split, 1);
    layout->addWidget(m_status);

    connect(openButton, &QPushButton::clicked, this, &MessagesPage::openFromFields);
    connect(m_tail, &QCheckBox::toggled, this, &MessagesPage::setLiveTail);
    connect(produceButton, &QPushButton::clicked, this, &MessagesPage::openProduceDialog);
    connect(exportButton, &QPushButton::clicked, this, &MessagesPage::openExportDialog);
    connect(importButton, &QPushButton::clicked, this, &MessagesPage::openImportDialog);
    connect(replayButton, &QPushButton::clicked, this, &MessagesPage::openReplayDialog);
    connect(m_searchButton, &QPushButton::clicked, this, &MessagesPage::startSearchFromFields);
    connect(m_searchText, &QLineEdit::returnPressed, this, &MessagesPage::startSearchFromFields);
    connect(m_cancelButton, &QPushButton::clicked, this, &MessagesPage::cancelSearch);
    connect(m_model, &MessageModel::pageNeeded, this, &MessagesPage::requestPage);
    connect(m_model, &MessageModel::pageLoaded, this, [this]() {
        if (!m_firstPageSeen) {
            m_firstPageSeen = true;
            emit firstPageLoaded(m_openClock.elapsed());
        }
    });
    connect(m_view->selectionModel(),
            &QItemSelectionModel::currentRowChanged,
            this,
            [this](const QModelIndex &current) {
                if (!current.isValid())
                    return;
                if (auto r = m_model->recordAt(current.row()))
                    showRecord(*r);
            });
    connect(m_model,
            &MessageModel::dataChanged,
            this,
            [this](const QModelIndex &from, const QModelIndex &to) {
                const QModelIndex current = m_view->currentIndex();
                if (current.isValid() && current.row() >= from.row() && current.row() <= to.row())
                    if (auto r = m_model->recordAt(current.row()))
                        showRecord(*r);
            });
    connect(m_resultsView->selectionModel(),
            &QItemSelectionModel::currentRowChanged,
            this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    showRecord(m_results->recordAt(current.row()));
            });
    connect(m_tailTimer, &QTimer::timeout, this, &MessagesPage::tailTick);
    m_tailTimer->setInterval(1000);
    refreshTopics();
}

MessagesPage::~MessagesPage()
{
    if (m_search)
        m_search->cancel();
    if (m_export)
        m_export->cancel();
}

void MessagesPage::setReplayConnections(const QList<ConnectionSettings> &connections)
{
    m_replayConnections = connections;
}

void MessagesPage::refreshTopics()
{
    m_service->listTopics(this, [this](const KafkaResult<ClusterTopics> &r) {
        if (!r.ok()) {
            m_status->showError(r.error);
            return;
        }
        QStringList names;
        for (const auto &t : r.value.topics)
            names.append(t.name);
        const QString typed = m_topic->currentText();
        m_topic->clear();
        m_topic->addItems(names);
        m_topic->setCurrentText(typed);
        emit topicsListed(names);
    });
}

// --- browsing ----------------------------------------------------------------------------

void MessagesPage::openFromFields()
{
    const auto at = StartAt(m_startMode->currentIndex());
    qint64 value = 0;
    QString error;
    if (at == StartAt::End) {
        value = m_startValue->text().trimmed().isEmpty()
                    ? 100
                    : parseOffset(m_startValue->text(), &error).value_or(-1);
    } else if (at == StartAt::Offset) {
        value = parseOffset(m_startValue->text(), &error).value_or(-1);
    } else if (at == StartAt::Timestamp) {
        value = parseTimestamp(m_startValue->text(), &error).value_or(-1);
    }
    if (!error.isEmpty()) {
        m_status->showError(error);
        return;
    }
    openTopic(m_topic->currentText().trimmed(), m_partition->value(), at, value);
}

void MessagesPage::openTopic(const QString &topic, int partition, StartAt at, qint64 value)
{
    if (topic.isEmpty()) {
        m_status->showError(tr("Choose a topic to browse."));
        emit openFailed(m_status->text());
        return;
    }
    if (m_topic->currentText() != topic)
        m_topic->setCurrentText(topic);
    m_partition->setValue(partition);
    m_startMode->setCurrentIndex(int(at));
    m_openClock.start();
    m_firstPageSeen = false;
    ScanRange range;
    range.topic = topic;
    range.partition = partition;
    if (at == StartAt::Offset) {
        range.from = ScanRange::From::Offset;
        range.fromValue = value;
    } else if (at == StartAt::Timestamp) {
        range.from = ScanRange::From::Timestamp;
        range.fromValue = value;
    }
    m_status->showInfo(tr("Opening %1…").arg(topic));
    m_service->resolveRange(
        range,
        this,
        [this, topic, partition, at, value](const KafkaResult<QList<PartitionRange>> &r) {
            if (!r.ok()) {
                m_status->showError(r.error);
                emit openFailed(r.error);
                return;
            }
            QList<PartitionRange> ranges = r.value;
            if (at == StartAt::End)
                for (auto &pr : ranges)
                    pr.start = qMax(pr.start, pr.end - qMax<qint64>(0, value));
            m_openTopic = topic;
            m_openPartition = partition;
            m_model->setRanges(ranges);
            qint64 rows = 0;
            for (const auto &pr : ranges)
                rows += pr.count();
            m_status->showInfo(tr("%1: %2 messages in view.").arg(topic).arg(rows));
            if (at == StartAt::End || m_tail->isChecked())
                m_view->scrollToBottom();
            else
                m_view->scrollToTop();
            if (rows == 0) {
                m_firstPageSeen = true;
                emit firstPageLoaded(m_openClock.elapsed());
            }
            emit opened(rows);
        });
}

void MessagesPage::requestPage(quint64 generation, PartitionId partition, Offset start, int count)
{
    m_service->fetchRecords(
        m_openTopic,
        partition,
        start,
        count,
        kPreviewValueBytes,
        this,
        [this, generation, partition, start](const KafkaResult<QList<KafkaRecord>> &r) {
            if (r.ok())
                m_model->addPage(generation, partition, start, r.value);
            else
                m_model->failPage(generation, partition, start, r.error);
        });
}

void MessagesPage::setLiveTail(bool on)
{
    if (m_tail->isChecked() != on)
        m_tail->setChecked(on);
    if (on) {
        m_tailTimer->start();
        m_view->scrollToBottom();
    } else {
        m_tailTimer->stop();
    }
}

void MessagesPage::tailTick()
{
    if (m_openTopic.isEmpty() || m_tailInFlight)
        return;
    m_tailInFlight = true;
    ScanRange range;
    range.topic = m_openTopic;
    range.partition = m_openPartition;
    const quint64 generation = m_model->generation();
    m_service->resolveRange(
        range, this, [this, generation](const KafkaResult<QList<PartitionRange>> &r) {
            m_tailInFlight = false;
            if (!r.ok() || generation != m_model->generation())
                return;
            const int before = m_model->rowCount();
            for (const auto &pr : r.value)
                m_model->extendTo(pr.partition, pr.end);
            if (m_tail->isChecked() && m_model->rowCount() != before)
                m_view->scrollToBottom();
        });
}

void MessagesPage::showRecord(const KafkaRecord &record)
{
    if (record.valueTruncated) {
        // The browser keeps a preview; read the whole record for the detail pane.
        m_service->fetchRecords(m_openTopic,
                                record.partition,
                                record.offset,
                                1,
                                0,
                                this,
                                [this, record](const KafkaResult<QList<KafkaRecord>> &r) {
                                    if (r.ok() && !r.value.isEmpty()
                                        && r.value.first().offset == record.offset)
                                        showRecord(r.value.first());
                                    else if (!r.ok())
                                        m_status->showError(r.error);
                                });
        return;
    }
    QStringList headers;
    for (const auto &h : record.headers)
        headers.append(QString::fromUtf8(h.key) + QLatin1Char('=')
                       + previewText(h.value, h.valueNull, 200));
    m_detailMeta->setText(
        tr("Partition %1, offset %2, %3\nKey: %4\nHeaders: %5")
            .arg(record.partition)
            .arg(record.offset)
            .arg(QDateTime::fromMSecsSinceEpoch(record.timestampMs).toString(Qt::ISODateWithMs))
            .arg(previewText(record.key, record.keyNull, 200))
            .arg(headers.isEmpty() ? tr("none") : headers.join(QLatin1String(", "))));
    if (record.valueNull)
        m_text->setPlainText(tr("(null value: a tombstone)"));
    else if (isValidUtf8(record.value))
        m_text->setPlainText(QString::fromUtf8(record.value));
    else
        m_text->setPlainText(tr("(binary value, %1 bytes: see Hex)").arg(record.value.size()));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(record.value, &error);
    if (error.error == QJsonParseError::NoError)
        m_json->setPlainText(QString::fromUtf8(doc.toJson(QJsonDocument::Indented)));
    else
        m_json->setPlainText(tr("The value is not JSON (%1 at byte %2).")
                                 .arg(error.errorString())
                                 .arg(error.offset));
    m_hex->setPlainText(hexDump(record.value));
    emit recordShown(record);
}

// --- search --------------------------------------------------------------------------------

std::optional<ScanRange> MessagesPage::searchRangeFromFields(QString *error) const
{
    ScanRange range;
    range.topic = m_openTopic.isEmpty() ? m_topic->currentText().trimmed() : m_openTopic;
    range.partition = m_partition->value();
    if (range.topic.isEmpty()) {
        *error = tr("Choose a topic to search.");
        return std::nullopt;
    }
    switch (m_searchFrom->currentIndex()) {
    case 1:
        range.from = ScanRange::From::Offset;
        if (auto v = parseOffset(m_searchFromValue->text(), error))
            range.fromValue = *v;
        else
            return std::nullopt;
        break;
    case 2:
        range.from = ScanRange::From::Timestamp;
        if (auto v = parseTimestamp(m_searchFromValue->text(), error))
            range.fromValue = *v;
        else
            return std::nullopt;
        break;
    default:
        break;
    }
    switch (m_searchTo->currentIndex()) {
    case 1:
        if (auto v = parseOffset(m_searchToValue->text(), error))
            range.toOffset = *v + 1; // inclusive for the user
        else
            return std::nullopt;
        break;
    case 2:
        if (auto v = parseTimestamp(m_searchToValue->text(), error))
            range.toTimestampMs = *v;
        else
            return std::nullopt;
        break;
    default:
        break;
    }
    return range;
}

void MessagesPage::startSearchFromFields()
{
    SearchCriteria criteria;
    criteria.field = SearchCriteria::Field(m_searchField->currentIndex());
    criteria.mode = SearchCriteria::Mode(m_searchMode->currentIndex());
    criteria.text = m_searchText->text();
    criteria.caseSensitive = m_caseSensitive->isChecked();
    QString error;
    const auto range = searchRangeFromFields(&error);
    if (!range) {
        m_searchStatus->setText(error);
        emit searchFinished({}, error);
        return;
    }
    startSearch(criteria, *range);
}

void MessagesPage::startSearch(const SearchCriteria &criteriaIn, const ScanRange &range)
{
    cancelSearch();
    SearchCriteria criteria = criteriaIn;
    const QString invalid = criteria.prepare();
    if (!invalid.isEmpty()) {
        m_searchStatus->setText(invalid);
        emit searchFinished({}, invalid);
        return;
    }
    m_results->clear();
    m_lastProgress = {};
    auto matches = std::make_shared<MatchBuffer>();
    matches->limit = m_results->maxRows();
    m_matches = matches;
    m_progress->setValue(0);
    m_searchStatus->setText(tr("Searching %1…").arg(range.topic));
    m_searchButton->setEnabled(false);
    m_cancelButton->setEnabled(true);
    auto sink = [criteria, matches](const KafkaRecord &r) {
        if (!criteria.matches(r))
            return false;
        std::lock_guard lock(matches->mutex);
        if (matches->kept < matches->limit) {
            ++matches->kept;
            matches->pending.append(r.detached());
        }
        return true;
    };
    m_search = m_service->scan(
        range,
        sink,
        this,
        [this, matches](const ScanProgress &p) {
            if (matches != m_matches)
                return;
            m_lastProgress = p;
            pullMatches();
            m_progress->setValue(p.total > 0 ? int(p.scanned * 1000 / p.total) : 0);
            m_searchStatus->setText(tr("Scanned %1 of %2 messages, %3 found.")
                                        .arg(p.scanned)
                                        .arg(p.total)
                                        .arg(p.matched));
            emit searchProgress(p);
        },
        [this, matches](const KafkaResult<ScanProgress> &r) {
            if (matches != m_matches)
                return;
            pullMatches();
            m_search.reset();
            m_searchButton->setEnabled(true);
            m_cancelButton->setEnabled(false);
            if (!r.ok()) {
                m_searchStatus->setText(r.error);
                emit searchFinished(m_lastProgress, r.error);
                return;
            }
            m_lastProgress = r.value;
            m_progress->setValue(r.value.cancelled || r.value.total == 0 ? m_progress->value()
                                                                         : 1000);
            QString text = r.value.cancelled
                               ? tr("Cancelled after scanning %1 of %2 messages; %3 found.")
                               : tr("Scanned all %2 messages (%1 read); %3 found.");
            text = text.arg(r.value.scanned).arg(r.value.total).arg(r.value.matched);
            if (r.value.matched > m_results->rowCount())
                text
                    += QLatin1Char(' ') + tr("The first %1 are listed.").arg(m_results->rowCount());
            m_searchStatus->setText(text);
            emit searchFinished(r.value, QString());
        });
}

void MessagesPage::pullMatches()
{
    if (!m_matches)
        return;
    QList<KafkaRecord> batch;
    {
        std::lock_guard lock(m_matches->mutex);
        batch.swap(m_matches->pending);
    }
    if (!batch.isEmpty())
        m_results->append(batch);
}

void MessagesPage::cancelSearch()
{
    if (m_search)
        m_search->cancel();
}

// --- export, import, replay ----------------------------------------------------------------

void MessagesPage::exportTo(const QString &path, const ScanRange &range)
{
    // The file is opened, written and closed on worker threads: a slow disk must not
    // stall the window.
    struct ExportFile
    {
        std::FILE *file = nullptr;
        std::atomic_bool failed{false};
    };
    auto out = std::make_shared<ExportFile>();
    m_status->showInfo(tr("Exporting %1 to %2…").arg(range.topic, path));
    auto *opening = new QFutureWatcher<QString>(this);
    connect(opening, &QFutureWatcher<QString>::finished, this, [this, opening, out, path, range]() {
        opening->deleteLater();
        const QString openError = opening->result();
        if (!openError.isEmpty()) {
            m_status->showError(openError);
            emit exportFinished(0, openError);
            return;
        }
        auto sink = [out](const KafkaRecord &r) {
            if (out->failed)
                return false;
            const QByteArray line = recordToJsonLine(r);
            if (std::fwrite(line.constData(), 1, size_t(line.size()), out->file)
                != size_t(line.size())) {
                out->failed = true;
                return false;
            }
            return true;
        };
        m_export = m_service->scan(
            range,
            sink,
            this,
            [this](const ScanProgress &p) {
                m_status->showInfo(tr("Exported %1 of %2 messages…").arg(p.matched).arg(p.total));
            },
            [this, out, path](const KafkaResult<ScanProgress> &r) {
                m_export.reset();
                auto *closing = new QFutureWatcher<bool>(this);
                connect(closing,
                        &QFutureWatcher<bool>::finished,
                        this,
                        [this, closing, out, path, r]() {
                            closing->deleteLater();
                            QString error = r.error;
                            if (error.isEmpty() && (out->failed || !closing->result()))
                                error = tr("Could not write %1 (is the disk full?).").arg(path);
                            if (error.isEmpty() && r.value.cancelled)
                                error = tr("The export was cancelled; %1 is incomplete.").arg(path);
                            if (!error.isEmpty()) {
                                m_status->showError(error);
                                emit exportFinished(r.value.matched, error);
                                return;
                            }
                            m_status->showInfo(
                                tr("Exported %1 messages to %2.").arg(r.value.matched).arg(path));
                            emit exportFinished(r.value.matched, QString());
                        });
                closing->setFuture(QtConcurrent::run([out]() {
                    const bool ok = std::fflush(out->file) == 0;
                    return std::fclose(out->file) == 0 && ok;
                }));
            });
    });
    opening->setFuture(QtConcurrent::run([out, path]() {
        out->file = std::fopen(QFile::encodeName(path).constData(), "wb");
        if (!out->file)
            return tr("Could not write %1: %2")
                .arg(path, QString::fromLocal8Bit(std::strerror(errno)));
        return QString();
    }));
}

void MessagesPage::importFrom(const QString &path, const QString &targetTopic, bool keepPartitions)
{
    auto job = std::make_shared<ImportJob>();
    job->path = path;
    job->topic = targetTopic;
    job->keepPartitions = keepPartitions;
    job->service = m_service;
    m_status->showInfo(tr("Importing %1 into %2…").arg(path, targetTopic));
    m_service->describeTopic(targetTopic, this, [this, job](const KafkaResult<TopicInfo> &r) {
        if (!r.ok()) {
            m_status->showError(r.error);
            emit importFinished(0, r.error);
            return;
        }
        job->partitionCount = int(r.value.partitions.size());
        importNextChunk(job);
    });
}

void MessagesPage::importNextChunk(std::shared_ptr<ImportJob> job)
{
    struct Chunk
    {
        QList<KafkaRecord> records;
        qint64 nextPosition = 0;
        qint64 lines = 0;
        bool atEnd = false;
        QString error;
    };
    auto *watcher = new QFutureWatcher<Chunk>(this);
    connect(watcher, &QFutureWatcher<Chunk>::finished, this, [this, watcher, job]() {
        watcher->deleteLater();
        Chunk chunk = watcher->result();
        auto fail = [this, job](const QString &error) {
            m_status->showError(error);
            emit importFinished(job->produced, error);
        };
        if (!chunk.error.isEmpty())
            return fail(chunk.error);
        if (job->keepPartitions)
            for (const auto &r : chunk.records)
                if (r.partition >= job->partitionCount)
                    return fail(
                        tr("The file has a record for partition %1 but %2 has %3 partitions. Add "
                           "partitions to %2 first, or import without keeping partitions.")
                            .arg(r.partition)
                            .arg(job->topic)
                            .arg(job->partitionCount));
        job->position = chunk.nextPosition;
        job->lineNumber += chunk.lines;
        const bool atEnd = chunk.atEnd;
        if (chunk.records.isEmpty()) {
            if (atEnd) {
                m_status->showInfo(
                    tr("Imported %1 messages into %2.").arg(job->produced).arg(job->topic));
                emit importFinished(job->produced, QString());
            } else {
                importNextChunk(job);
            }
            return;
        }
        ProduceRequest request;
        request.topic = job->topic;
        request.records = std::move(chunk.records);
        request.keepPartitions = job->keepPartitions;
        request.keepTimestamps = true;
        if (!job->keepPartitions)
            for (auto &r : request.records)
                r.partition = -1;
        job->service->produce(request, this, {}, [this, job, atEnd](const KafkaResult<qint64> &r) {
            if (!r.ok()) {
                m_status->showError(r.error);
                emit importFinished(job->produced, r.error);
                return;
            }
            job->produced += r.value;
            m_status->showInfo(tr("Imported %1 messages…").arg(job->produced));
            if (atEnd) {
                m_status->showInfo(
                    tr("Imported %1 messages into %2.").arg(job->produced).arg(job->topic));
                emit importFinished(job->produced, QString());
            } else {
                importNextChunk(job);
            }
        });
    });
    watcher->setFuture(QtConcurrent::run(
        [path = job->path, position = job->position, firstLine = job->lineNumber]() {
            Chunk chunk;
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly)) {
                chunk.error = tr("Could not read %1: %2").arg(path, file.errorString());
                return chunk;
            }
            file.seek(position);
            while (chunk.records.size() < kImportChunk) {
                if (file.atEnd()) {
                    chunk.atEnd = true;
                    break;
                }
                const QByteArray line = file.readLine().trimmed();
                ++chunk.lines;
                if (line.isEmpty())
                    continue;
                KafkaRecord r;
                QString error;
                if (!recordFromJsonLine(line, &r, &error)) {
                    chunk.error
                        = tr("%1, line %2: %3").arg(path).arg(firstLine + chunk.lines).arg(error);
                    return chunk;
                }
                chunk.records.append(std::move(r));
            }
            chunk.atEnd = chunk.atEnd || file.atEnd();
            chunk.nextPosition = file.pos();
            return chunk;
        }));
}

KafkaService *MessagesPage::serviceFor(const std::optional<ConnectionSettings> &other)
{
    if (!other)
        return m_service;
    const QString key = other->name + QLatin1Char('|') + other->bootstrapServers;
    if (auto *s = m_otherServices.value(key))
        return s;
    auto *s = new KafkaService(*other, this);
    m_otherServices.insert(key, s);
    return s;
}

void MessagesPage::replay(const QList<KafkaRecord> &records,
                          const QString &targetTopic,
                          const std::optional<ConnectionSettings> &other)
{
    if (records.isEmpty()) {
        const QString error = tr("Select the messages to replay first.");
        m_status->showError(error);
        emit replayFinished(0, error);
        return;
    }
    if (targetTopic.trimmed().isEmpty()) {
        const QString error = tr("Choose the topic to replay to.");
        m_status->showError(error);
        emit replayFinished(0, error);
        return;
    }
    ProduceRequest request;
    request.topic = targetTopic.trimmed();
    request.records = records;
    for (auto &r : request.records)
        r.partition = -1; // the target's partitioner decides, by key
    const QString where = other ? tr("%1 on %2").arg(request.topic, other->name) : request.topic;
    m_status->showInfo(tr("Replaying %1 messages to %2…").arg(records.size()).arg(where));
    serviceFor(other)->produce(request, this, {}, [this, where](const KafkaResult<qint64> &r) {
        if (!r.ok()) {
            m_status->showError(r.error);
            emit replayFinished(0, r.error);
            return;
        }
        m_status->showInfo(tr("Replayed %1 messages to %2.").arg(r.value).arg(where));
        emit replayFinished(r.value, QString());
    });
}

QList<KafkaRecord> MessagesPage::selectedResults() const
{
    QList<KafkaRecord> out;
    const auto rows = m_resultsView->selectionModel()->selectedRows();
    for (const auto &i : rows)
        out.append(m_results->recordAt(i.row()));
    std::sort(out.begin(), out.end(), [](const KafkaRecord &a, const KafkaRecord &b) {
        return a.partition != b.partition ? a.partition < b.partition : a.offset < b.offset;
    });
    return out;
}

void MessagesPage::replaySelection(const QString &targetTopic,
                                   const std::optional<ConnectionSettings> &other)
{
    if (m_resultsView->hasFocus()
        || (!m_view->selectionModel()->hasSelection()
            && m_resultsView->selectionModel()->hasSelection())) {
        replay(selectedResults(), targetTopic, other);
        return;
    }
    // Browser rows hold value previews: read the selected offsets whole, one span per
    // partition, then keep only the selected ones.
    QMap<PartitionId, QSet<Offset>> wanted;
    for (const auto &i : m_view->selectionModel()->selectedRows()) {
        const auto pos = m_model->positionOf(i.row());
        wanted[pos.partition].insert(pos.offset);
    }
    if (wanted.isEmpty()) {
        replay({}, targetTopic, other);
        return;
    }
    struct Gather
    {
        QList<QPair<PartitionId, QSet<Offset>>> spans;
        int next = 0;
        QList<KafkaRecord> records;
    };
    auto gather = std::make_shared<Gather>();
    for (auto it = wanted.cbegin(); it != wanted.cend(); ++it) {
        const auto [lo, hi] = std::minmax_element(it->cbegin(), it->cend());
        if (*hi - *lo >= 100000) {
            const QString error
                = tr("The selection in partition %1 spans more than 100,000 offsets; select fewer "
                     "messages or search for them and replay the results.")
                      .arg(it.key());
            m_status->showError(error);
            emit replayFinished(0, error);
            return;
        }
        gather->spans.append({it.key(), *it});
    }
    auto step = std::make_shared<std::function<void()>>();
    *step = [this, gather, step, targetTopic, other]() {
        if (gather->next >= gather->spans.size()) {
            replay(gather->records, targetTopic, other);
            *step = nullptr; // break the cycle
            return;
        }
        const auto &[partition, offsets] = gather->spans.at(gather->next++);
        const auto [lo, hi] = std::minmax_element(offsets.cbegin(), offsets.cend());
        m_service->fetchRecords(
            m_openTopic,
            partition,
            *lo,
            int(*hi - *lo + 1),
            0,
            this,
            [this, gather, step, offsets](const KafkaResult<QList<KafkaRecord>> &r) {
                if (!r.ok()) {
                    m_status->showError(r.error);
                    emit replayFinished(0, r.error);
                    *step = nullptr;
                    return;
                }
                for (const auto &rec : r.value)
                    if (offsets.contains(rec.offset))
                        gather->records.append(rec);
                (*step)();
            });
    };
    (*step)();
}

// --- dialogs -------------------------------------------------------------------------------

void MessagesPage::openProduceDialog()
{
    auto *dialog = new ProduceDialog(m_service, m_topic->currentText().trimmed(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void MessagesPage::openExportDialog()
{
    QString error;
    auto range = searchRangeFromFields(&error);
    if (!range) {
        m_status->showError(error);
        return;
    }
    auto *picker = new QFileDialog(this, tr("Export messages as JSON lines"));
    picker->setAttribute(Qt::WA_DeleteOnClose);
    picker->setAcceptMode(QFileDialog::AcceptSave);
    picker->setNameFilter(tr("JSON lines (*.jsonl)"));
    picker->selectFile(range->topic + QStringLiteral(".jsonl"));
    connect(picker, &QFileDialog::fileSelected, this, [this, r = *range](const QString &path) {
        exportTo(path, r);
    });
    picker->open();
}

void MessagesPage::openImportDialog()
{
    auto *dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Import messages"));
    auto *file = new QLineEdit(dialog);
    auto *browse = new QPushButton(tr("Choose…"), dialog);
    auto *topic = new QLineEdit(m_topic->currentText(), dialog);
    auto *keep = new QCheckBox(tr("Keep each message's partition"), dialog);
    keep->setChecked(true);
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(file, 1);
    fileRow->addWidget(browse);
    auto *form = new QFormLayout;
    form->addRow(tr("JSON lines file:"), fileRow);
    form->addRow(tr("Into topic:"), topic);
    form->addRow(QString(), keep);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    auto *layout = new QVBoxLayout(dialog);
    layout->addLayout(form);
    layout->addWidget(buttons);
    connect(browse, &QPushButton::clicked, dialog, [dialog, file]() {
        auto *picker = new QFileDialog(dialog, tr("Import messages"));
        picker->setAttribute(Qt::WA_DeleteOnClose);
        picker->setFileMode(QFileDialog::ExistingFile);
        connect(picker, &QFileDialog::fileSelected, file, &QLineEdit::setText);
        picker->open();
    });
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, dialog, [this, dialog, file, topic, keep]() {
        importFrom(file->text(), topic->text().trimmed(), keep->isChecked());
        dialog->accept();
    });
    dialog->open();
}

void MessagesPage::openReplayDialog()
{
    auto *dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Replay selection"));
    auto *cluster = new QComboBox(dialog);
    cluster->addItem(tr("This cluster"));
    for (const auto &c : m_replayConnections)
        cluster->addItem(c.name);
    auto *topic = new QLineEdit(dialog);
    auto *form = new QFormLayout;
    form->addRow(tr("Cluster:"), cluster);
    form->addRow(tr("Topic:"), topic);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    auto *layout = new QVBoxLayout(dialog);
    layout->addLayout(form);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, dialog, [this, dialog, cluster, topic]() {
        std::optional<ConnectionSettings> other;
        if (cluster->currentIndex() > 0)
            other = m_replayConnections.at(cluster->currentIndex() - 1);
        replaySelection(topic->text(), other);
        dialog->accept();
    });
    dialog->open();
}

} // namespace runnel::ui
