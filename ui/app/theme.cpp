#include "ui/app/theme.h"

#include <QApplication>
#include <QStyle>
#include <QStyleFactory>

namespace runnel::ui {

ThemeChoice parseTheme(const QString &text, bool *ok)
{
    if (ok)
        *ok = true;
    if (text.compare(QLatin1String("light"), Qt::CaseInsensitive) == 0)
        return ThemeChoice::Light;
    if (text.compare(QLatin1String("dark"), Qt::CaseInsensitive) == 0)
        return ThemeChoice::Dark;
    if (ok)
        *ok = text.isEmpty() || text.compare(QLatin1String("system"), Qt::CaseInsensitive) == 0;
    return ThemeChoice::System;
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness()
           < palette.color(QPalette::WindowText).lightness();
}

QColor errorColor(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xff, 0x7b, 0x72) : QColor(0xd1, 0x24, 0x2f);
}

void applyTheme(QApplication &app, ThemeChoice choice)
{
    if (choice == ThemeChoice::System)
        return;
    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    if (choice == ThemeChoice::Light) {
        app.setPalette(app.style()->standardPalette());
        return;
    }
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x30), base(0x1e, 0x1f, 0x22), text(0xdf, 0xe1, 0xe5);
    const QColor disabled(0x80, 0x84, 0x8a), highlight(0x35, 0x74, 0xf0);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6a, 0xa7, 0xff));
    p.setColor(QPalette::Light, QColor(0x3c, 0x3f, 0x44));
    p.setColor(QPalette::Midlight, QColor(0x35, 0x37, 0x3b));
    p.setColor(QPalette::Mid, QColor(0x25, 0x26, 0x29));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    p.setColor(QPalette::Shadow, Qt::black);
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    app.setPalette(p);
}

} // namespace runnel::ui
