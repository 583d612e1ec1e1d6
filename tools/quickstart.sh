#!/usr/bin/env bash
# The main job: install what is missing, build, apply the shipped migrations to the default
# SQLite database social_network.db (see migrator.yaml), then print the status.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
BUILD_DIR=build TARGET=migrator tools/build.sh
./build/migrator up
./build/migrator status
