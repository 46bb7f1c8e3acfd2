#!/bin/sh
# An executable with VS Code's command line, for @vscode/test-electron's vscodeExecutablePath.
exec node "$(dirname "$0")/../../out/test/host/vscodeServerLauncher.js" "$@"
