#!/usr/bin/env bash
# Installs the Debian packages the app and its tests need, when they are missing.
set -euo pipefail

# the fonts give the screen corpus (viewer/corpus) several UI and monospace faces besides DejaVu;
# Tesseract's Russian and Greek data let the screen detectors read names in Cyrillic and Greek letters, its
# Latin-script data the letters English lacks (č, ő, ș: viewer/sensitive/tessdata.py)
packages=(chromium tesseract-ocr tesseract-ocr-eng tesseract-ocr-rus tesseract-ocr-ell tesseract-ocr-script-latn
          postgresql python3-venv
          fonts-dejavu-core fonts-liberation2 fonts-inter fonts-open-sans fonts-jetbrains-mono)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node and npm (rrweb's replayer on import, the player's type checker and JS tests) may come from another source than Debian's packages
command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing system packages: ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
