#!/usr/bin/env bash
# Install what is missing, build with warnings as errors, and run the default test suite.
# Extra ctest arguments pass through, e.g. `scripts/test.sh -L unit`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/scripts/install-deps.sh"
"$here/scripts/build.sh" ci
cd "$here"
ctest --preset ci -j 2 --timeout 600 -LE 'soak|bench|chaos' "$@"
