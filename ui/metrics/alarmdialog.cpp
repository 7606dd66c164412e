#include "ui/metrics/alarmdialog.h"

#include "ui_alarmdialog.h"

#include "ui/charts/valueformat.h"
#include "ui/models/metriccatalog.h"

#include <QLocale>
#include <QPushButton>

#include <cmath>
#include <limits>

namespace runnel::ui {

namespace {
// The statistic as the user reads it; the item's data keeps the CloudWatch name.
QString statisticText(const QString &stat)
{
    if (stat == QLatin1String("Average"))
        return AlarmDialog::tr("Average");
    if (stat == QLatin1String("Sum"))
        return AlarmDialog::tr("Sum");
    if (stat == QLatin1String("Maximum"))
        return AlarmDialog::tr("Maximum");
    if (stat == QLatin1String("Minimum"))
        return AlarmDialog::tr("Minimum");
    if (stat == QLatin1String("SampleCount"))
        return AlarmDialog::tr("Sample count");
    return stat;
}
} // namespace

AlarmDialog::AlarmDialog(const QList<AlarmMetricChoice> &choices,
                         const QStringList &existingNames,
                         QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::AlarmDialog>())
    , m_choices(choices)
    , m_existingNames(existingNames)
{
    m_ui->setupUi(this);
    for (const AlarmMetricChoice &c : m_choices)
        m_ui->metric->addItem(c.label);
    for (const QString &stat : metricStatistics())
        m_ui->statistic->addItem(statisticText(stat), stat);
    for (int seconds : metricPeriods())
        m_ui->period->addItem(periodLabel(seconds), seconds);
    m_ui->period->setCurrentIndex(m_ui->period->findData(60));
    const QStringList ops = alarmComparisonOperators();
    const QStringList opTexts{tr("Greater than"),
                              tr("Greater than or equal to"),
                              tr("Less than"),
                              tr("Less than or equal to")};
    for (qsizetype i = 0; i < ops.size(); ++i)
        m_ui->comparison->addItem(opTexts.value(i, ops.at(i)), ops.at(i));
    const QStringList missing = alarmMissingDataTreatments();
    const QStringList missingTexts{tr("Treat as missing"),
                                   tr("Treat as good (not breaching)"),
                                   tr("Treat as bad (breaching)"),
                                   tr("Ignore (keep the state)")};
    for (qsizetype i = 0; i < missing.size(); ++i)
        m_ui->missingData->addItem(missingTexts.value(i, missing.at(i)), missing.at(i));
    m_ui->evaluationPeriods->setValue(3);
    m_ui->datapoints->setValue(3);
    m_ui->problem->setStyleSheet(QStringLiteral("color: palette(link);"));

    connect(m_ui->buttons, &QDialogButtonBox::accepted, this, [this] {
        if (problem().isEmpty())
            accept();
    });
    for (QLineEdit *edit : {m_ui->name, m_ui->threshold, m_ui->description})
        connect(edit, &QLineEdit::textChanged, this, &AlarmDialog::revalidate);
    for (QComboBox *combo : {m_ui->metric, m_ui->statistic, m_ui->period, m_ui->comparison})
        connect(combo, &QComboBox::currentIndexChanged, this, &AlarmDialog::revalidate);
    for (QSpinBox *spin : {m_ui->datapoints, m_ui->evaluationPeriods})
        connect(spin, &QSpinBox::valueChanged, this, &AlarmDialog::revalidate);
    revalidate();
}

AlarmDialog::~AlarmDialog() = default;

void AlarmDialog::selectMetric(const MetricIdentity &metric)
{
    for (qsizetype i = 0; i < m_choices.size(); ++i) {
        if (m_choices.at(i).metric == metric)
            m_ui->metric->setCurrentIndex(int(i));
    }
}

AlarmInfo AlarmDialog::alarm() const
{
    AlarmInfo a;
    a.name = m_ui->name->text().trimmed();
    a.description = m_ui->description->text().trimmed();
    const int choice = m_ui->metric->currentIndex();
    if (choice >= 0 && choice < m_choices.size()) {
        a.metricName = m_choices.at(choice).metric.metricName;
        a.dimensions = m_choices.at(choice).metric.dimensions;
    }
    a.statistic = m_ui->statistic->currentData().toString();
    a.periodSeconds = m_ui->period->currentData().toInt();
    a.comparisonOperator = m_ui->comparison->currentData().toString();
    bool ok = false;
    const double threshold = QLocale().toDouble(m_ui->threshold->text().trimmed(), &ok);
    a.threshold = ok ? threshold : std::numeric_limits<double>::quiet_NaN();
    a.evaluationPeriods = m_ui->evaluationPeriods->value();
    a.datapointsToAlarm = m_ui->datapoints->value();
    a.treatMissingData = m_ui->missingData->currentData().toString();
    return a;
}

QString AlarmDialog::problem() const
{
    if (m_choices.isEmpty())
        return tr("No metric has reported data yet; an alarm needs a metric to watch.");
    const AlarmInfo a = alarm();
    if (!m_ui->name->text().trimmed().isEmpty() && m_ui->threshold->text().trimmed().isEmpty())
        return tr("Enter the threshold the metric is compared with.");
    if (!std::isfinite(a.threshold) && !m_ui->threshold->text().trimmed().isEmpty())
        return tr("“%1” is not a number; enter the threshold as a number such as %2.")
            .arg(m_ui->threshold->text().trimmed(), QLocale().toString(1000.5));
    return validateAlarm(a, m_existingNames);
}

void AlarmDialog::revalidate()
{
    const int choice = m_ui->metric->currentIndex();
    m_ui->unit->setText(choice >= 0 && choice < m_choices.size()
                            ? metricUnitName(m_choices.at(choice).unit)
                            : QString());
    const QString why = problem();
    m_ui->problem->setText(why);
    m_ui->buttons->button(QDialogButtonBox::Ok)->setEnabled(why.isEmpty());
}

} // namespace runnel::ui
