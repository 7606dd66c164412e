#include "ui/app/brokerlogdialog.h"

#include "ui/models/brokerlogmodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace runnel::ui {

class BrokerLogFilter : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setMinimumLevel(int level)
    {
        m_minimum = level;
        invalidateFilter();
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override
    {
        const QModelIndex i = sourceModel()->index(row, 0, parent);
        return i.data(BrokerLogModel::LevelRole).toInt() >= m_minimum
               && QSortFilterProxyModel::filterAcceptsRow(row, parent);
    }

private:
    int m_minimum = 0;
};

namespace {

struct Chunk
{
    QStringList lines;
    qint64 end = 0;
    bool restarted = false;
    QString error;
};

constexpr qint64 kInitialTail = 4 * 1024 * 1024;

Chunk readChunk(const QString &path, qint64 offset)
{
    Chunk chunk;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        chunk.error = file.errorString();
        chunk.end = offset;
        return chunk;
    }
    const qint64 size = file.size();
    qint64 from = offset;
    if (offset < 0 || size < offset) { // first read, or the file was truncated/replaced
        from = qMax<qint64>(0, size - kInitialTail);
        chunk.restarted = true;
    }
    file.seek(from);
    QByteArray data = file.read(qMin<qint64>(size - from, kInitialTail));
    // Keep a partial last line for the next read.
    const qsizetype lastNewline = data.lastIndexOf('\n');
    data.truncate(lastNewline + 1);
    chunk.end = from + data.size();
    if (from > 0 && chunk.restarted) { // drop the first, cut line
        const qsizetype first = data.indexOf('\n');
        data.remove(0, first + 1);
    }
    if (!data.isEmpty()) {
        data.chop(1);
        chunk.lines = QString::fromUtf8(data).split(QLatin1Char('\n'));
    }
    return chunk;
}

} // namespace

BrokerLogDialog::BrokerLogDialog(const QString &logFile, const QString &title, QWidget *parent)
    : QDialog(parent)
    , m_file(logFile)
    , m_model(new BrokerLogModel(this))
    , m_filter(new BrokerLogFilter(this))
    , m_view(new QListView(this))
    , m_level(new QComboBox(this))
    , m_search(new QLineEdit(this))
    , m_follow(new QCheckBox(tr("Follow"), this))
    , m_status(new QLabel(this))
    , m_timer(new QTimer(this))
{
    setWindowTitle(tr("Log — %1").arg(title));
    resize(900, 560);
    auto *layout = new QVBoxLayout(this);
    auto *row = new QHBoxLayout;
    m_level->addItem(tr("All levels"), int(BrokerLogModel::Level::Debug));
    m_level->addItem(tr("Info and above"), int(BrokerLogModel::Level::Info));
    m_level->addItem(tr("Warnings and above"), int(BrokerLogModel::Level::Warning));
    m_level->addItem(tr("Errors only"), int(BrokerLogModel::Level::Error));
    m_search->setPlaceholderText(tr("Filter lines"));
    m_search->setClearButtonEnabled(true);
    m_follow->setChecked(true);
    row->addWidget(new QLabel(tr("Level:"), this));
    row->addWidget(m_level);
    row->addWidget(m_search, 1);
    row->addWidget(m_follow);
    layout->addLayout(row);
    m_filter->setSourceModel(m_model);
    m_filter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_view->setModel(m_filter);
    m_view->setUniformItemSizes(true);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    layout->addWidget(m_view, 1);
    auto *bottom = new QHBoxLayout;
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bottom->addWidget(m_status, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    bottom->addWidget(buttons);
    layout->addLayout(bottom);

    connect(m_level, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setMinimumLevel(m_level->currentData().toInt());
    });
    connect(
        m_search, &QLineEdit::textChanged, m_filter, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_follow, &QCheckBox::toggled, this, [this](bool on) {
        if (on)
            m_timer->start();
        else
            m_timer->stop();
    });
    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, &BrokerLogDialog::readMore);
    m_timer->start();
    m_status->setText(tr("Reading %1…").arg(m_file));
    readMore();
}

int BrokerLogDialog::visibleLines() const
{
    return m_filter->rowCount();
}

void BrokerLogDialog::setMinimumLevel(int level)
{
    const int i = m_level->findData(level);
    if (i >= 0)
        m_level->setCurrentIndex(i);
}

void BrokerLogDialog::readMore()
{
    if (m_reading)
        return;
    m_reading = true;
    auto *watcher = new QFutureWatcher<Chunk>(this);
    connect(watcher, &QFutureWatcher<Chunk>::finished, this, [this, watcher] {
        watcher->deleteLater();
        m_reading = false;
        const Chunk chunk = watcher->result();
        const bool first = m_offset < 0;
        if (!chunk.error.isEmpty()) {
            m_status->setText(tr("Could not read %1: %2").arg(m_file, chunk.error));
            if (first)
                emit loaded();
            return;
        }
        if (chunk.restarted)
            m_model->clear();
        const QScrollBar *bar = m_view->verticalScrollBar();
        const bool atEnd = bar->value() == bar->maximum();
        m_model->appendLines(chunk.lines);
        m_offset = chunk.end;
        if (atEnd || first)
            m_view->scrollToBottom();
        m_status->setText(tr("%1 — %n line(s)", nullptr, m_model->rowCount()).arg(m_file));
        if (first)
            emit loaded();
    });
    watcher->setFuture(QtConcurrent::run(readChunk, m_file, m_offset));
}

} // namespace runnel::ui
