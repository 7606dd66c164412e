#pragma once

// MessagesPage: browse, search, export, import and replay the messages of one topic.
//
// Browsing is lazy (MessageModel): opening a topic resolves each partition's offset
// range and shows that many rows at once; pages of records are fetched only for the rows
// a view shows and only a bounded number are kept. Search reads the whole chosen range
// on a worker thread (KafkaService::scan) with "scanned X of Y" progress and cancel;
// every match is counted and the first MessageListModel::maxRows() are kept for the
// results table. Export writes JSON lines on the worker thread; import reads them in
// chunks and produces each chunk before reading the next; replay sends a selection to
// another topic on this cluster or on another one (a second ConnectionSettings).

#include "ui/kafka/kafkaservice.h"
#include "ui/kafka/recordcodec.h"

#include <QElapsedTimer>
#include <QHash>
#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableView;
class QTimer;

namespace runnel::ui {

class MessageListModel;
class MessageModel;
class StatusLine;

class MessagesPage : public QWidget
{
    Q_OBJECT

public:
    enum class StartAt { Beginning, End, Offset, Timestamp };

    explicit MessagesPage(KafkaService *service, QWidget *parent = nullptr);
    ~MessagesPage() override;

    MessageModel *messageModel() const { return m_model; }
    MessageListModel *searchResults() const { return m_results; }
    QTableView *messageView() const { return m_view; }
    QTableView *resultsView() const { return m_resultsView; }
    QString currentTopic() const { return m_openTopic; }
    qint64 searchMatches() const { return m_lastProgress.matched; }
    bool isSearching() const { return bool(m_search); }
    // Other clusters replay can send to (shown by name in the replay dialog).
    void setReplayConnections(const QList<ConnectionSettings> &connections);

public slots:
    void refreshTopics();
    // End: `value` is how many of each partition's newest records to show.
    void openTopic(const QString &topic,
                   int partition = -1,
                   StartAt at = StartAt::Beginning,
                   qint64 value = 0);
    void openFromFields();
    void setLiveTail(bool on);
    void startSearch(const SearchCriteria &criteria, const ScanRange &range);
    void startSearchFromFields();
    void cancelSearch();
    void exportTo(const QString &path, const ScanRange &range);
    void importFrom(const QString &path, const QString &targetTopic, bool keepPartitions = true);
    // Replays to `targetTopic` on this cluster, or on `other` when given.
    void replay(const QList<KafkaRecord> &records,
                const QString &targetTopic,
                const std::optional<ConnectionSettings> &other = std::nullopt);
    // The selected rows (search results when that table has focus and a selection, else
    // the browser), read whole, then replayed.
    void replaySelection(const QString &targetTopic,
                         const std::optional<ConnectionSettings> &other = std::nullopt);
    void openProduceDialog();
    void openExportDialog();
    void openImportDialog();
    void openReplayDialog();
    void showRecord(const KafkaRecord &record);

signals:
    void topicsListed(const QStringList &topics);
    void opened(qint64 rows);
    void openFailed(const QString &message);
    void firstPageLoaded(qint64 msSinceOpen);
    void searchProgress(const runnel::ui::ScanProgress &progress);
    void searchFinished(const runnel::ui::ScanProgress &progress, const QString &error);
    void exportFinished(qint64 records, const QString &error);
    void importFinished(qint64 records, const QString &error);
    void replayFinished(qint64 records, const QString &error);
    void recordShown(const runnel::ui::KafkaRecord &record);

private:
    struct MatchBuffer;
    struct ImportJob;
    void requestPage(quint64 generation, PartitionId partition, Offset start, int count);
    void pullMatches();
    void tailTick();
    void importNextChunk(std::shared_ptr<ImportJob> job);
    KafkaService *serviceFor(const std::optional<ConnectionSettings> &other);
    std::optional<ScanRange> searchRangeFromFields(QString *error) const;
    QList<KafkaRecord> selectedResults() const;

    KafkaService *m_service;
    MessageModel *m_model;
    MessageListModel *m_results;
    QComboBox *m_topic;
    QSpinBox *m_partition;
    QComboBox *m_startMode;
    QLineEdit *m_startValue;
    QCheckBox *m_tail;
    QTableView *m_view;
    QLabel *m_detailMeta;
    QPlainTextEdit *m_text;
    QPlainTextEdit *m_json;
    QPlainTextEdit *m_hex;
    QComboBox *m_searchField;
    QComboBox *m_searchMode;
    QLineEdit *m_searchText;
    QCheckBox *m_caseSensitive;
    QComboBox *m_searchFrom;
    QLineEdit *m_searchFromValue;
    QComboBox *m_searchTo;
    QLineEdit *m_searchToValue;
    QPushButton *m_searchButton;
    QPushButton *m_cancelButton;
    QProgressBar *m_progress;
    QLabel *m_searchStatus;
    QTableView *m_resultsView;
    StatusLine *m_status;
    QTimer *m_tailTimer;

    QString m_openTopic;
    int m_openPartition = -1;
    QElapsedTimer m_openClock;
    bool m_firstPageSeen = true;
    bool m_tailInFlight = false;
    std::shared_ptr<ScanHandle> m_search;
    std::shared_ptr<MatchBuffer> m_matches;
    ScanProgress m_lastProgress;
    std::shared_ptr<ScanHandle> m_export;
    QList<ConnectionSettings> m_replayConnections;
    QHash<QString, KafkaService *> m_otherServices;
};

} // namespace runnel::ui
