#pragma once

// Light and dark: the console follows the system's palette (Qt 6.4 has no
// QStyleHints::colorScheme, so "dark" means the window colour is darker than the text
// colour). `--theme light|dark` (or RUNNEL_THEME) forces one with the Fusion style, which
// the screenshot script uses to render both on the offscreen platform.

#include <QColor>
#include <QPalette>
#include <QString>

class QApplication;

namespace runnel::ui {

enum class ThemeChoice { System, Light, Dark };

ThemeChoice parseTheme(const QString &text, bool *ok = nullptr);
void applyTheme(QApplication &app, ThemeChoice choice);
bool isDark(const QPalette &palette);
// Red for error sentences, readable on the palette's window colour (light or dark).
QColor errorColor(const QPalette &palette);

} // namespace runnel::ui
