#!/usr/bin/env bash
# Installs the real peers the test suite talks to (Debian packages), only those missing. Needs root (CI runs as root).
set -euo pipefail
need=()
for pair in postfix:postfix swaks:swaks sslscan:sslscan testssl:testssl.sh redis-server:redis-server dnsmasq:dnsmasq chromium:chromium; do
  bin=${pair%%:*}; pkg=${pair#*:}
  command -v "$bin" >/dev/null 2>&1 || [ -x "/usr/sbin/$bin" ] || [ -x "/usr/bin/$bin" ] || need+=("$pkg")
done
if [ ${#need[@]} -eq 0 ]; then echo "install-peers: all test peers present"; exit 0; fi
if [ "$(id -u)" != 0 ]; then echo "install-peers: missing ${need[*]}; run as root (apt-get)" >&2; exit 2; fi
echo "install-peers: installing ${need[*]}"
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "install-peers: done"
