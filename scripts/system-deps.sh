#!/usr/bin/env bash
# System packages from Debian: the libraries the PDF step needs (WeasyPrint uses Pango), and with
# --browser what the publication tests use: the Chromium the accessibility tests drive, Poppler's
# pdftotext (where each word of the PDF lies on its page) and LibreOffice Writer without a GUI
# (opens report.docx as a clerk's Word would and converts it to PDF). Installs them with apt-get when they are
# missing and we can (root or sudo, Debian/Ubuntu); otherwise says what to install.
set -euo pipefail
# wbritish: the British English word list that tells names from words in published free text.
need=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core wbritish)
[[ "${1:-}" == "--browser" ]] && need=(chromium poppler-utils libreoffice-writer-nogui)
missing=()
for p in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
((${#missing[@]} == 0)) && exit 0
if command -v apt-get >/dev/null && [[ $(id -u) == 0 ]]; then
  echo "Installing system packages for the PDF step: ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
elif command -v apt-get >/dev/null && command -v sudo >/dev/null; then
  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
else
  echo "Please install: ${missing[*]} (Pango and a font, for WeasyPrint's PDF output)" >&2
  exit 1
fi
