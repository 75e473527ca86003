#!/usr/bin/env bash
# Fetch the pinned front-end packages from the npm registry and copy the files Mitra serves into
# mitra/static/vendor/. Run by hand (`make vendor`) when a version changes; the result is
# committed, so nothing is loaded from the internet at run time. Versions and checksums are in
# mitra/static/vendor/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=mitra/static/vendor
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fetch() {  # name version
    (cd "$tmp" && npm pack --silent "$1@$2" >/dev/null)
    mkdir -p "$tmp/$1" && tar xzf "$tmp/${1//\//-}-$2.tgz" -C "$tmp/$1"
    sha256sum "$tmp/${1//\//-}-$2.tgz" | cut -d' ' -f1 | sed "s|^|$1@$2 sha256 |"
}
rm -rf "$dest"/chart.js-* "$dest"/leaflet-* "$dest"/topojson-client-* "$dest"/world-atlas-*

fetch chart.js 4.6.1
mkdir -p "$dest/chart.js-4.6.1"
cp "$tmp/chart.js/package/dist/chart.umd.min.js" "$tmp/chart.js/package/LICENSE.md" "$dest/chart.js-4.6.1/"

fetch leaflet 1.9.4
mkdir -p "$dest/leaflet-1.9.4"
cp -r "$tmp/leaflet/package/dist/leaflet.js" "$tmp/leaflet/package/dist/leaflet.css" \
    "$tmp/leaflet/package/dist/images" "$tmp/leaflet/package/LICENSE" "$dest/leaflet-1.9.4/"

fetch topojson-client 3.1.0
mkdir -p "$dest/topojson-client-3.1.0"
cp "$tmp/topojson-client/package/dist/topojson-client.min.js" \
    "$tmp/topojson-client/package/LICENSE" "$dest/topojson-client-3.1.0/"

fetch world-atlas 2.0.2
mkdir -p "$dest/world-atlas-2.0.2"
cp "$tmp/world-atlas/package/countries-110m.json" "$tmp/world-atlas/package/LICENSE" \
    "$dest/world-atlas-2.0.2/"
