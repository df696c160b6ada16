#!/usr/bin/env bash
# Replaces the ECharts script that TED's pages load with the one of a pinned
# release of the echarts package from the npm registry, with its licence.
# Usage: scripts/refresh-echarts.sh [VERSION]   (default: the pinned one)
set -euo pipefail

version="${1:-$(cat "$(dirname "$0")/../dashboards/assets/echarts/VERSION")}"
dest="$(cd "$(dirname "$0")/../dashboards/assets/echarts" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack --silent "echarts@$version" >/dev/null
tar xzf "echarts-$version.tgz"
cp package/dist/echarts.min.js package/LICENSE package/NOTICE "$dest/"
printf '%s\n' "$version" > "$dest/VERSION"
sha256sum "$dest/echarts.min.js"
