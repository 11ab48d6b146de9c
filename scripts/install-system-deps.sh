#!/usr/bin/env bash
# Installs what the browser tests need when it is missing: Debian's chromium,
# its driver, and Noto fonts (Arabic labels render shaped only with a real Arabic font).
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
if ! fc-list 2>/dev/null | grep -qi "Noto Naskh Arabic\|Noto Sans Arabic"; then need+=(fonts-noto-core); fi
[ ${#need[@]} -eq 0 ] && exit 0
echo "installing ${need[*]} (apt-get)"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
