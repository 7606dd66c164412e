// The chart adapter: unit formatting, round axis scales, and TimeSeriesChart's series,
// ranges and live appends as the Qt Charts backend actually draws them.

#include "ui/charts/timeserieschart.h"
#include "ui/charts/valueformat.h"

#include <QSignalSpy>
#include <QTest>

using namespace runnel::ui;

class TestChart : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void formatsUnits_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("unit");
        QTest::addColumn<QString>("text");
        QTest::newRow("zero count") << 0.0 << "Count"
                                    << "0";
        QTest::newRow("count") << 42.0 << "Count"
                               << "42";
        QTest::newRow("large count") << 1234567.0 << "Count"
                                     << "1.23 M";
        QTest::newRow("bytes/s") << 1536.0 << "Bytes/Second"
                                 << "1.54 kB/s";
        QTest::newRow("small bytes/s") << 12.5 << "Bytes/Second"
                                       << "12.5 B/s";
        QTest::newRow("bytes") << 3.2e9 << "Bytes"
                               << "3.2 GB";
        QTest::newRow("rate") << 2500.0 << "Count/Second"
                              << "2.5 k/s";
        QTest::newRow("percent") << 40.5 << "Percent"
                                 << "40.5 %";
        QTest::newRow("ms") << 250.0 << "Milliseconds"
                            << "250 ms";
        QTest::newRow("fraction ms") << 0.125 << "Milliseconds"
                                     << "0.125 ms";
        QTest::newRow("seconds") << 3.0 << "Seconds"
                                 << "3 s";
        QTest::newRow("negative") << -1500.0 << "Count"
                                  << "-1.5 k";
    }
    void formatsUnits()
    {
        QFETCH(double, value);
        QFETCH(QString, unit);
        QFETCH(QString, text);
        QCOMPARE(formatMetricValue(value, unit), text);
    }

    void scalesToRoundSteps_data()
    {
        QTest::addColumn<double>("lo");
        QTest::addColumn<double>("hi");
        QTest::addColumn<double>("min");
        QTest::addColumn<double>("max");
        QTest::addColumn<double>("step");
        QTest::newRow("no data") << 0.0 << 0.0 << 0.0 << 1.0 << 0.25;
        QTest::newRow("bytes") << 120.0 << 1530.0 << 0.0 << 2000.0 << 500.0;
        QTest::newRow("small") << 0.2 << 0.9 << 0.0 << 1.0 << 0.25;
        QTest::newRow("flat") << 7.0 << 7.0 << 0.0 << 8.0 << 2.0;
        QTest::newRow("negative") << -30.0 << 45.0 << -40.0 << 60.0 << 20.0;
    }
    void scalesToRoundSteps()
    {
        QFETCH(double, lo);
        QFETCH(double, hi);
        const NiceScale s = niceScale(lo, hi);
        QTEST(s.minimum, "min");
        QTEST(s.maximum, "max");
        QTEST(s.step, "step");
    }

    void keepsSamplesSortedAndUnique()
    {
        TimeSeriesChart chart;
        chart.setTimeRange(QDateTime::fromMSecsSinceEpoch(0, Qt::UTC),
                           QDateTime::fromMSecsSinceEpoch(100000, Qt::UTC));
        const int line = chart.addSeries(QStringLiteral("Broker 1"));
        QSignalSpy changed(&chart, &TimeSeriesChart::samplesChanged);
        chart.setSamples(line, {{3000, 3}, {1000, 1}, {2000, 2}, {1000, 10}});
        QCOMPARE(chart.samples(line), (QList<TimeSample>{{1000, 10}, {2000, 2}, {3000, 3}}));
        // Live: a later point is added, the period still filling (same time) replaced,
        // a late one slots into place.
        chart.appendSamples(line, {{3000, 4}, {4000, 5}, {2500, 2.5}});
        QCOMPARE(chart.samples(line),
                 (QList<TimeSample>{{1000, 10}, {2000, 2}, {2500, 2.5}, {3000, 4}, {4000, 5}}));
        QCOMPARE(changed.size(), 2);
        QCOMPARE(changed.at(1).at(0).toInt(), line);
        chart.flush();
        QCOMPARE(chart.drawnPointCount(line), 5);
        QCOMPARE(chart.valueAxisMinimum(), 0.0);
        QCOMPARE(chart.valueAxisMaximum(), 10.0);
    }

    void drawsOnlyTheFixedRange()
    {
        TimeSeriesChart chart;
        const int line = chart.addSeries(QStringLiteral("x"));
        chart.setTimeRange(QDateTime::fromMSecsSinceEpoch(2000, Qt::UTC),
                           QDateTime::fromMSecsSinceEpoch(4000, Qt::UTC));
        chart.setSamples(line, {{1000, 900}, {2000, 1}, {3000, 2}, {4000, 3}, {5000, 800}});
        chart.flush();
        QCOMPARE(chart.samples(line).size(), 5); // kept: the range may widen again
        QCOMPARE(chart.drawnPointCount(line), 3);
        QCOMPARE(chart.valueAxisMaximum(), 3.0); // scaled to what is drawn, not to 900
        QCOMPARE(chart.rangeStart().toMSecsSinceEpoch(), 2000);
        QCOMPARE(chart.rangeEnd().toMSecsSinceEpoch(), 4000);
    }

    void slidingWindowFollowsNowAndDropsOldSamples()
    {
        TimeSeriesChart chart;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        chart.setSlidingWindow(10 * 60 * 1000);
        const int line = chart.addSeries(QStringLiteral("x"));
        QList<TimeSample> half;
        for (int minute = 30; minute >= 0; --minute)
            half.append({now - minute * 60000LL, double(minute)});
        chart.setSamples(line, half);
        // Only the last ten minutes stay (memory stays bounded for a live chart).
        QCOMPARE(chart.samples(line).size(), 11);
        QCOMPARE(chart.samples(line).constFirst().timeMs, now - 10 * 60000LL);
        // A sample from the future moves the window with it.
        chart.appendSamples(line, {{now + 5 * 60000LL, 99}});
        QCOMPARE(chart.rangeEnd().toMSecsSinceEpoch(), now + 5 * 60000LL);
        QCOMPARE(chart.samples(line).constFirst().timeMs, now - 5 * 60000LL);
        chart.advanceTo(QDateTime::fromMSecsSinceEpoch(now + 20 * 60000LL, Qt::UTC));
        QCOMPARE(chart.samples(line).size(), 0);
        chart.flush();
        QCOMPARE(chart.drawnPointCount(line), 0);
    }

    void labelsTheValueAxisInTheUnit()
    {
        TimeSeriesChart chart;
        chart.setUnit(QStringLiteral("Bytes/Second"));
        chart.setTimeRange(QDateTime::fromMSecsSinceEpoch(0, Qt::UTC),
                           QDateTime::fromMSecsSinceEpoch(10000, Qt::UTC));
        const int line = chart.addSeries(QStringLiteral("Broker 1"));
        chart.setSamples(line, {{1000, 120}, {2000, 1530}});
        chart.flush();
        QCOMPARE(chart.valueAxisLabels(),
                 (QStringList{"0 B/s", "500 B/s", "1 kB/s", "1.5 kB/s", "2 kB/s"}));
        chart.setUnit(QStringLiteral("Percent"));
        chart.flush();
        QCOMPARE(chart.valueAxisLabels().constLast(), QStringLiteral("2,000 %"));
    }

    void seriesAndMessage()
    {
        TimeSeriesChart chart;
        chart.resize(400, 300);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QCOMPARE(chart.addSeries(QStringLiteral("a")), 0);
        QCOMPARE(chart.addSeries(QStringLiteral("b")), 1);
        QCOMPARE(chart.seriesName(1), QStringLiteral("b"));
        QCOMPARE(chart.seriesName(7), QString());
        chart.setSamples(7, {{1, 1}}); // an unknown line is ignored, not a crash
        chart.setMessage(QStringLiteral("No data reported yet."));
        QCOMPARE(chart.message(), QStringLiteral("No data reported yet."));
        chart.clearSeries();
        QCOMPARE(chart.seriesCount(), 0);
        chart.flush();
        QCOMPARE(chart.drawnPointCount(0), 0);
        chart.setMessage({});
        QCOMPARE(chart.message(), QString());
    }
};

QTEST_MAIN(TestChart)
#include "test_chart.moc"
