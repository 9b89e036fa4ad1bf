#!/bin/sh
# docker/stage.sh BIN_DIR DEST: lays out in DEST what the runtime image gets in /app, from a SwiftPM bin
# folder. The Dockerfile's build stage and scripts/check-container both call it, so they ship the same files:
#   descent                  the executable, debug info stripped (symbols stay, for readable backtraces)
#   *.resources              SwiftPM resource bundles; Bundle.module finds them next to the executable
#                            (descent_Server.resources carries the openapi.yaml that GET /openapi.yaml serves)
#   swift-backtrace-static   the toolchain's crash backtracer, so a crash logs a symbolicated backtrace
#   dependencies.json        every package version the build resolved (`swift package show-dependencies`), run
#                            from the package root, so a user can see and pin what the image was built from
set -eu
[ $# -eq 2 ] || { echo "usage: docker/stage.sh BIN_DIR DEST" >&2; exit 2; }
bin_dir=$1
dest=$2
toolchain_bin=$(dirname "$(readlink -f "$(command -v swift)")")
backtracer=$toolchain_bin/../libexec/swift/linux/swift-backtrace-static

mkdir -p "$dest"
cp "$bin_dir/descent" "$dest/descent"
strip --strip-debug "$dest/descent"
find -L "$bin_dir" -maxdepth 1 -name '*.resources' -exec cp -R {} "$dest/" \;
[ -n "$(find "$dest" -maxdepth 1 -name '*.resources')" ] || { echo "stage.sh: no *.resources in $bin_dir" >&2; exit 1; }
cp "$backtracer" "$dest/swift-backtrace-static"
swift package show-dependencies --format json >"$dest/dependencies.json"
