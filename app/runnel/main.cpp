// runnel: the desktop console (Qt Widgets). Parses the command line, picks the language
// and theme, and opens the main window; everything else lives in ui/.
//
//   runnel [--lang en|ko] [--theme system|light|dark] [--create-default]
//   runnel --screenshots DIR        (renders every main screen to DIR/*.png and exits)

#include "engine/control/paths.h"
#include "ui/agent/agentservice.h"
#include "ui/app/mainwindow.h"
#include "ui/app/screenshottour.h"
#include "ui/app/theme.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

#include <cstdio>

namespace {

QString chooseLanguage(const QString &option)
{
    if (!option.isEmpty())
        return option;
    if (const QString env = qEnvironmentVariable("RUNNEL_LANG"); !env.isEmpty())
        return env;
    if (const QString saved = QSettings().value(QStringLiteral("language")).toString();
        !saved.isEmpty())
        return saved;
    return QLocale::system().name().section(QLatin1Char('_'), 0, 0);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Runnel"));
    QApplication::setApplicationName(QStringLiteral("runnel"));
    QApplication::setApplicationDisplayName(QStringLiteral("Runnel"));
    QApplication::setApplicationVersion(QStringLiteral(RUNNEL_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("runnel"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Runnel — a managed Kafka service on the desktop"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption lang(
        QStringLiteral("lang"),
        QStringLiteral(
            "Language: en or ko (default: RUNNEL_LANG, the saved choice, or the system's)."),
        QStringLiteral("code"));
    const QCommandLineOption theme(
        QStringLiteral("theme"),
        QStringLiteral("system (default), light or dark (also RUNNEL_THEME)."),
        QStringLiteral("name"));
    const QCommandLineOption createDefault(
        QStringLiteral("create-default"),
        QStringLiteral("Create and start the local cluster \"local\" without asking."));
    const QCommandLineOption screenshots(
        QStringLiteral("screenshots"),
        QStringLiteral("Render every main screen to PNG files in DIR and exit."),
        QStringLiteral("DIR"));
    parser.addOptions({lang, theme, createDefault, screenshots});
    parser.process(app);

    const QString language = chooseLanguage(parser.value(lang));
    if (language != QLatin1String("en") && language != QLatin1String("ko") && parser.isSet(lang)) {
        std::fprintf(stderr, "runnel: --lang takes en or ko, not %s\n", qPrintable(language));
        return 2;
    }
    QTranslator qtTranslator, appTranslator;
    if (language == QLatin1String("ko")) {
        QLocale::setDefault(QLocale(QLocale::Korean, QLocale::SouthKorea));
        if (qtTranslator.load(QStringLiteral("qtbase_ko"),
                              QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
            QApplication::installTranslator(&qtTranslator);
    }
    if (appTranslator.load(
            QStringLiteral(":/i18n/runnel_%1.qm")
                .arg(language == QLatin1String("ko") ? language : QStringLiteral("en"))))
        QApplication::installTranslator(&appTranslator);

    bool themeOk = true;
    const QString themeText
        = parser.isSet(theme) ? parser.value(theme) : qEnvironmentVariable("RUNNEL_THEME");
    const auto themeChoice = runnel::ui::parseTheme(themeText, &themeOk);
    if (!themeOk) {
        std::fprintf(
            stderr, "runnel: the theme is system, light or dark, not %s\n", qPrintable(themeText));
        return 2;
    }
    runnel::ui::applyTheme(app, themeChoice);

    runnel::ui::AgentService agent(
        runnel::control::agentSocketPath(),
        runnel::control::findAgent(QCoreApplication::applicationDirPath()));
    runnel::ui::MainWindow window(&agent);
    if (parser.isSet(screenshots)) {
        window.setOfferDefaultCluster(false);
        auto *tour = new runnel::ui::ScreenshotTour(
            &window, &agent, parser.value(screenshots), language, &window);
        QObject::connect(tour, &runnel::ui::ScreenshotTour::done, &app, [](int code) {
            QCoreApplication::exit(code);
        });
        window.show();
        window.start(false);
        tour->start();
        const int code = app.exec();
        agent.waitForIdle();
        return code;
    }
    window.show();
    window.start(parser.isSet(createDefault));
    const int code = app.exec();
    agent.waitForIdle();
    return code;
}
