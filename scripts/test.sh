#!/usr/bin/env bash
# Install everything the tests need (Debian packages and Python packages), then run them all.
# Usage: bash scripts/test.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
# Calc opens the masked workbooks (and makes the .xls files) the screening tests check
ls /usr/lib/libreoffice/program/libsclo.so >/dev/null 2>&1 || need+=(libreoffice-calc-nogui)
# (grep without -q reads to the end: an early exit would fail fc-list under pipefail)
fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || need+=(fonts-noto-cjk)
# the Simplified Chinese fonts the PDFs use (src/gov_disclosure/documents/fontconfig/fonts.conf)
fc-list 2>/dev/null | grep "AR PL UMing CN" >/dev/null || need+=(fonts-arphic-uming)
fc-list 2>/dev/null | grep "AR PL UKai CN" >/dev/null || need+=(fonts-arphic-ukai)
fc-list 2>/dev/null | grep "WenQuanYi Zen Hei" >/dev/null || need+=(fonts-wqy-zenhei)
command -v pdffonts >/dev/null 2>&1 || need+=(poppler-utils)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
command -v curl >/dev/null 2>&1 || need+=(curl)  # examples/http_client/flow.sh
command -v jq >/dev/null 2>&1 || need+=(jq)
if [ "${#need[@]}" -gt 0 ]; then
  echo "installing Debian packages: ${need[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${need[@]}" >/dev/null
fi

python3 -m pip install -q --disable-pip-version-check -e '.[test,bench]' -e examples/custom_channel

set +e
python3 -m pytest -p no:cacheprovider --durations=15 "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure here" >&2
  exit 1
fi
exit "$rc"
