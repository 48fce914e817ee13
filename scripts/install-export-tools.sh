#!/usr/bin/env bash
# Debian's tools the export tests check files with: epubcheck (with OpenJDK; the tests run its jar
# with `java -jar`, its /usr/bin wrapper fails in containers) and poppler-utils (pdftotext, pdfinfo,
# pdffonts). Installs only what is missing; the tests skip a check, saying why, when it is absent.
set -euo pipefail
missing=()
[ -f /usr/share/java/epubcheck.jar ] || missing+=(epubcheck)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] && exit 0
sudo_cmd=""
[ "$(id -u)" = 0 ] || sudo_cmd="sudo"
$sudo_cmd apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
