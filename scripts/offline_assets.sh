#!/usr/bin/env bash
# Solara's front-end files, so the dashboard works with no internet (classrooms often have none).
# Solara serves them from <venv>/share/solara/cdn/<npm-spec>/ instead of a CDN (the server
# never fetches a missing one: dashboard/serving.py).
set -euo pipefail
VENV=${1:-.venv}
CDN="$VENV/share/solara/cdn"
SPECS=(
  "@widgetti/solara-vuetify-app@10.1.1"
  "requirejs@2.3.6"
  "font-awesome@4.5.0"
  "@widgetti/vue-grid-layout@2.3.13-alpha.2"
  "vega@5"
  "vega-lite@5"
  "vega-embed@6"
  "mermaid@10.8.0"   # loaded by solara.Markdown
  "katex@0.16.9"     # loaded by solara.Markdown
)
mkdir -p "$CDN"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for spec in "${SPECS[@]}"; do
  dest="$CDN/$spec"
  if [ -f "$dest/package.json" ]; then continue; fi
  echo "offline assets: $spec"
  (cd "$tmp" && npm pack --silent "$spec" >/dev/null)
  tarball=$(ls "$tmp"/*.tgz)
  mkdir -p "$dest"
  tar -xzf "$tarball" -C "$dest" --strip-components=1
  rm -f "$tarball"
done
touch "$CDN/.complete"
