#!/usr/bin/env python3
"""Every console string has a Korean translation with the same placeholders.

usage: check_translations.py translations/runnel_ko.ts [more.ts ...]
Fails on an unfinished or empty translation, or one whose %1..%9 / %n placeholders
differ from its source (a lost %1 shows the user a sentence without its cluster name).
"""
import re
import sys
import xml.etree.ElementTree as ET

PLACEHOLDER = re.compile(r"%(?:[1-9]|n)")


def check(path):
    problems = []
    root = ET.parse(path).getroot()
    count = 0
    for context in root.iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            count += 1
            source = message.findtext("source") or ""
            translation = message.find("translation")
            forms = [f.text or "" for f in translation.findall("numerusform")] or [translation.text or ""]
            where = f"{path}: {name}: {source!r}"
            if translation.get("type") in ("unfinished", "obsolete", "vanished"):
                problems.append(f"{where} is {translation.get('type')}")
                continue
            for form in forms:
                if not form.strip():
                    problems.append(f"{where} has an empty translation")
                elif sorted(PLACEHOLDER.findall(form)) != sorted(PLACEHOLDER.findall(source)):
                    problems.append(f"{where} -> {form!r}: placeholders differ")
    if count == 0:
        problems.append(f"{path} has no messages")
    return count, problems


def main():
    failed = False
    for path in sys.argv[1:]:
        count, problems = check(path)
        for p in problems:
            print(p)
        print(f"{path}: {count} messages, {len(problems)} problems")
        failed = failed or bool(problems)
    return 1 if failed or len(sys.argv) < 2 else 0


if __name__ == "__main__":
    sys.exit(main())
