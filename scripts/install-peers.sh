#!/usr/bin/env bash
# Installs the real peers the test suite talks to (Debian 12 packages, as root) and proves each capability the tests use.
#
# 1. apt-get installs the Debian packages that are missing (apt-get update once, only when something is missing).
#    Capabilities that are only a Recommends are named explicitly (swaks speaks TLS only with libnet-ssleay-perl).
# 2. Exim (GnuTLS) and OpenSMTPD conflict with Postfix as packages (all three are a mail-transport-agent), so they
#    are never installed: `apt-get download` + `dpkg -x` puts each into $MAILTLS_PEERS_DIR/<package>/ (default
#    /opt/mailtls-peers), e.g. /opt/mailtls-peers/exim4-daemon-light/usr/sbin/exim4 and
#    /opt/mailtls-peers/opensmtpd/usr/sbin/smtpd. Their shared libraries are installed as normal packages.
# 3. Every peer is then proved by running it (swaks --support lists TLS, sslscan and testssl.sh scan a local TLS
#    server, Postfix reports its TLS library, headless Chromium renders a page, redis-server and dnsmasq start and
#    answer, Exim lists GnuTLS, ...). One line per peer: `ok   <peer>  <what was proved>` or
#    `FAIL <peer>  <why> (Debian package: <pkg>)`. Exit 0 when every line is ok, 1 when a capability is missing,
#    2 when the script cannot install (not root, no apt-get).
# Idempotent: with everything present it installs nothing, downloads nothing and only runs the checks (~10 s).
set -euo pipefail

PEERS_DIR=${MAILTLS_PEERS_DIR:-/opt/mailtls-peers}
# Debian packages installed as usual (package names; the checks below say which capability each one gives).
PACKAGES=(postfix swaks libnet-ssleay-perl sslscan testssl.sh bsdextrautils dnsutils procps redis-server redis-tools
  dnsmasq chromium gnutls-bin msmtp curl openssl util-linux ca-certificates)
# Extracted beside Postfix, never installed (they conflict with it).
EXTRACTED=(exim4-daemon-light exim4-base exim4-config opensmtpd)

say() { echo "install-peers: $*" >&2; }

# --- 1. Debian packages ------------------------------------------------------------------------------------------
missing_packages() {
  local p status
  for p in "$@"; do
    status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
    [[ $status == ii* ]] || echo "$p"
  done
}

APT_UPDATED=0
apt_install() {
  [ $# -gt 0 ] || return 0
  if [ "$(id -u)" != 0 ]; then say "missing Debian packages: $*; run as root (apt-get install $*)"; exit 2; fi
  command -v apt-get >/dev/null || { say "no apt-get: install these Debian packages yourself: $*"; exit 2; }
  export DEBIAN_FRONTEND=noninteractive
  # Another apt run on the machine holds the dpkg lock for a while: wait for it instead of failing.
  local apt=(apt-get -o DPkg::Lock::Timeout=300 -q)
  if [ "$APT_UPDATED" = 0 ]; then "${apt[@]}" update -qq >/dev/null; APT_UPDATED=1; fi
  say "installing $*"
  "${apt[@]}" install -y -qq --no-install-recommends "$@" >/dev/null
}

echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections 2>/dev/null || true
mapfile -t need < <(missing_packages "${PACKAGES[@]}")
apt_install "${need[@]}"

# --- 2. Exim and OpenSMTPD, extracted --------------------------------------------------------------------------
lib_depends() { tr ',' '\n' | sed -E 's/\|.*//; s/\(.*\)//; s/:any//; s/[[:space:]]//g' | grep -E '^lib' || true; }
extract() {
  local pkg=$1 dest="$PEERS_DIR/$1" work deb
  if [ -f "$dest/.mailtls-extracted" ]; then
    # Present: its shared libraries may still be missing (say, a machine cleaned since): install those.
    mapfile -t needlibs < <(missing_packages $(sed -n 's/^Depends: //p' "$dest/.mailtls-extracted" | lib_depends))
    apt_install "${needlibs[@]}"
    return 0
  fi
  # Extracted earlier by hand (no stamp): kept as it is; the checks below prove whether it runs.
  [ -d "$dest/usr" ] && return 0
  if [ "$(id -u)" != 0 ]; then say "$pkg is not extracted into $dest; run as root"; exit 2; fi
  work=$(mktemp -d)
  if [ "$APT_UPDATED" = 0 ]; then apt-get -o DPkg::Lock::Timeout=300 -q update -qq >/dev/null; APT_UPDATED=1; fi
  say "extracting $pkg into $dest"
  (cd "$work" && apt-get -q -o APT::Sandbox::User=root download "$pkg" >/dev/null)
  deb=$(ls "$work"/*.deb)
  # The shared libraries it links against, as normal packages (lib* among its Depends; first of each alternative).
  mapfile -t needlibs < <(missing_packages $(dpkg-deb -f "$deb" Depends | lib_depends))
  apt_install "${needlibs[@]}"
  rm -rf "$dest.tmp" && mkdir -p "$dest.tmp"
  dpkg -x "$deb" "$dest.tmp"
  dpkg-deb -f "$deb" Package Version Depends > "$dest.tmp/.mailtls-extracted"
  rm -rf "$dest" && mv "$dest.tmp" "$dest"
  rm -rf "$work"
}
mkdir -p "$PEERS_DIR"
for pkg in "${EXTRACTED[@]}"; do extract "$pkg"; done

# --- 3. Prove every capability ---------------------------------------------------------------------------------
CHECK=$(mktemp -d)
cleanup() {
  local f
  for f in "$CHECK"/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
  rm -rf "$CHECK"
}
trap cleanup EXIT

# A free loopback TCP port (bash's /dev/tcp: a port nobody answers on).
free_port() {
  local p
  for _ in $(seq 50); do
    p=$((20000 + RANDOM % 30000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
  done
  return 1
}
# Waits until something accepts on 127.0.0.1:$1 (at most ~10 s).
wait_port() {
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done
  return 1
}

ok() { printf 'ok   %-12s %s\n' "$1" "$2" > "$CHECK/$1.line"; }
fail() { printf 'FAIL %-12s %s (Debian package: %s)\n' "$1" "$2" "$3" > "$CHECK/$1.line"; }
firstline() { tr -d '\r' | grep -v '^[[:space:]]*$' | head -1 | cut -c1-120; }

# A local TLS server (plain TLS, TLS 1.2 + 1.3) for sslscan and testssl.sh to scan.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=peers.mailtls.test -days 2 \
  -keyout "$CHECK/key.pem" -out "$CHECK/cert.pem" >/dev/null 2>&1 || true
TLS_PORT=$(free_port)
openssl s_server -accept "127.0.0.1:$TLS_PORT" -cert "$CHECK/cert.pem" -key "$CHECK/key.pem" -www </dev/null >/dev/null 2>&1 &
echo $! > "$CHECK/s_server.pid"
TLS_UP=0; wait_port "$TLS_PORT" && TLS_UP=1

check_openssl() {
  local v; v=$(openssl version 2>&1 | firstline)
  if [ "$TLS_UP" = 1 ] && [[ $v == OpenSSL\ 3* ]]; then ok openssl "$(cut -d' ' -f2 <<<"$v"), s_server serves TLS"; else fail openssl "openssl did not serve TLS ($v)" openssl; fi
}

check_swaks() {
  local out; out=$(swaks --support 2>&1) || true
  if grep -q '^=== TLS supported' <<<"$out"; then ok swaks "TLS via Net::SSLeay (swaks --support)"
  elif grep -q 'TLS not available' <<<"$out"; then fail swaks "swaks cannot speak TLS: $(grep 'TLS not available' <<<"$out" | sed 's/^\*\*\* //')" libnet-ssleay-perl
  else fail swaks "swaks does not run: $(firstline <<<"$out")" swaks; fi
}

check_postfix() {
  local tls ver
  ver=$(postconf -dh mail_version 2>/dev/null) || { fail postfix "postconf does not run" postfix; return; }
  tls=$(postconf -T run-version 2>/dev/null | firstline) || true
  if [[ $tls == OpenSSL* ]] && [ -x /usr/sbin/posttls-finger ] && [ -x "$(postconf -dh daemon_directory)/tlsmgr" ]; then
    ok postfix "$ver, TLS via $tls (postconf -T), posttls-finger"
  else fail postfix "Postfix $ver has no TLS library (postconf -T run-version: ${tls:-nothing})" postfix; fi
}

check_sslscan() {
  local out
  [ "$TLS_UP" = 1 ] || { fail sslscan "no local TLS server to scan (openssl s_server did not start)" openssl; return; }
  out=$(timeout 60 sslscan --no-colour --xml=- "127.0.0.1:$TLS_PORT" 2>&1) || true
  if grep -q '<protocol type="tls" version="1.2" enabled="1"' <<<"$out"; then ok sslscan "$(sslscan --no-colour --version 2>&1 | sed 's/\x1b\[[0-9;]*m//g' | grep -o '[0-9][0-9.]*' | head -1), scanned a local TLS server"
  else fail sslscan "sslscan did not scan a local TLS server: $(firstline <<<"$out")" sslscan; fi
}

check_testssl() {
  local bin json="$CHECK/testssl.json" out
  bin=$(command -v testssl || command -v testssl.sh || true)
  [ -n "$bin" ] || { fail testssl.sh "testssl.sh is not installed" testssl.sh; return; }
  [ "$TLS_UP" = 1 ] || { fail testssl.sh "no local TLS server to scan (openssl s_server did not start)" openssl; return; }
  for tool in hexdump dig; do
    command -v "$tool" >/dev/null || { fail testssl.sh "testssl.sh needs $tool" "$([ $tool = dig ] && echo dnsutils || echo bsdextrautils)"; return; }
  done
  out=$(timeout 120 "$bin" -p --warnings off --color 0 --jsonfile "$json" "127.0.0.1:$TLS_PORT" 2>&1) || true
  if [ -f "$json" ] && grep -q '"TLS1_2"' "$json" && grep -A4 '"TLS1_2"' "$json" | grep -c '"finding" *: *"offered' >/dev/null; then
    ok testssl.sh "$("$bin" --version 2>&1 | sed 's/\x1b\[[0-9;]*m//g' | grep -o 'testssl *[0-9][^ ]*' | head -1 | sed 's/testssl *//'), protocols of a local TLS server (-p)"
  else fail testssl.sh "testssl.sh did not scan a local TLS server: $(tail -3 <<<"$out" | firstline)" testssl.sh; fi
}

check_redis() {
  local port out
  command -v redis-server >/dev/null || { fail redis-server "redis-server is not installed" redis-server; return; }
  command -v redis-cli >/dev/null || { fail redis-server "redis-cli is not installed" redis-tools; return; }
  port=$(free_port)
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$CHECK" --daemonize no >"$CHECK/redis.log" 2>&1 &
  echo $! > "$CHECK/redis.pid"
  wait_port "$port" || true
  out=$(redis-cli -h 127.0.0.1 -p "$port" ping 2>&1) || true
  if [ "$out" = PONG ]; then ok redis-server "$(redis-server --version | grep -o 'v=[0-9.]*' | cut -c3-), started on loopback, PONG"
  else fail redis-server "redis-server did not start: $(tail -1 "$CHECK/redis.log")" redis-server; fi
  kill "$(cat "$CHECK/redis.pid")" 2>/dev/null || true
}

check_dnsmasq() {
  local port out dnsmasq
  dnsmasq=$(command -v dnsmasq || echo /usr/sbin/dnsmasq)
  [ -x "$dnsmasq" ] || { fail dnsmasq "dnsmasq is not installed" dnsmasq; return; }
  command -v dig >/dev/null || { fail dnsmasq "dig (to query it) is not installed" dnsutils; return; }
  port=$(free_port)
  "$dnsmasq" --keep-in-foreground --port="$port" --listen-address=127.0.0.1 --bind-interfaces --no-resolv --no-hosts \
    --pid-file="$CHECK/dnsmasq.pidfile" --mx-host=peers.mailtls.test,mx.peers.mailtls.test,10 --address=/mx.peers.mailtls.test/127.0.1.1 \
    >"$CHECK/dnsmasq.log" 2>&1 &
  echo $! > "$CHECK/dnsmasq.pid"
  out=""
  local said=""
  for _ in $(seq 50); do
    # dig +short prints its own errors (";; communications error …: connection refused" while dnsmasq is still
    # starting) on stdout: only an answer line ends the wait
    said=$(dig +short +time=1 +tries=1 -p "$port" @127.0.0.1 MX peers.mailtls.test 2>&1) || true
    out=$(printf '%s\n' "$said" | grep -v '^;;' || true)
    [ -n "$out" ] && break; sleep 0.1
  done
  if [ "$out" = "10 mx.peers.mailtls.test." ]; then ok dnsmasq "$("$dnsmasq" --version | head -1 | grep -o 'version [0-9.]*' | cut -d' ' -f2), answered an MX on loopback"
  else fail dnsmasq "dnsmasq did not answer on loopback: ${out:-$(printf '%s' "$said" | tail -1)} $(tail -1 "$CHECK/dnsmasq.log")" dnsmasq; fi
  kill "$(cat "$CHECK/dnsmasq.pid")" 2>/dev/null || true
}

check_chromium() {
  local bin out
  bin=$(command -v chromium || true)
  [ -n "$bin" ] || { fail chromium "chromium is not installed" chromium; return; }
  out=$(timeout 90 "$bin" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
    --disable-sync --no-first-run --user-data-dir="$CHECK/chromium" --dump-dom 'data:text/html,<p>mailtls-peers</p>' 2>/dev/null) || true
  if grep -q '<p>mailtls-peers</p>' <<<"$out"; then ok chromium "$("$bin" --version 2>/dev/null | grep -o '[0-9][0-9.]*' | head -1), headless start rendered a page"
  else fail chromium "headless chromium did not render a page" chromium; fi
}

check_gnutls() {
  local out
  out=$(gnutls-cli --version 2>&1 | firstline) || true
  if [[ $out == gnutls-cli* ]] && grep -q 'starttls-proto' <<<"$(gnutls-cli --help 2>&1)"; then ok gnutls-cli "${out#gnutls-cli }, --starttls-proto"
  else fail gnutls-cli "gnutls-cli does not run: $out" gnutls-bin; fi
}

check_msmtp() {
  local out
  out=$(msmtp --version 2>&1) || true
  if grep -q '^TLS/SSL library: GnuTLS' <<<"$out"; then ok msmtp "$(firstline <<<"$out" | grep -o '[0-9][0-9.]*'), TLS via GnuTLS"
  else fail msmtp "msmtp has no TLS library: $(firstline <<<"$out")" msmtp; fi
}

check_curl() {
  local out
  out=$(curl --version 2>&1) || true
  if grep -q '^Protocols:.* smtp ' <<<"$out" && grep -q '^Features:.* SSL' <<<"$out"; then ok curl "$(firstline <<<"$out" | cut -d' ' -f2), smtp + TLS"
  else fail curl "curl lacks smtp or TLS: $(firstline <<<"$out")" curl; fi
}

# Exim runs as its compiled-in user Debian-exim, which only its package's maintainer script creates: a private mount
# namespace with a copy of /etc/passwd and /etc/group that has it (the system files are never touched).
check_exim() {
  local bin="$PEERS_DIR/exim4-daemon-light/usr/sbin/exim4" missing out
  [ -x "$bin" ] || { fail exim "$bin is missing (extraction failed)" exim4-daemon-light; return; }
  missing=$(ldd "$bin" 2>&1 | grep 'not found' | awk '{print $1}' | tr '\n' ' ' || true)
  [ -z "$missing" ] || { fail exim "missing shared libraries: $missing" "the package of each library"; return; }
  [ "$(id -u)" = 0 ] || { fail exim "checking (and running) Exim needs root: unshare --mount" exim4-daemon-light; return; }
  printf 'exim_user = nobody\nexim_group = nogroup\n' > "$CHECK/exim.conf"
  cp /etc/passwd "$CHECK/passwd"; cp /etc/group "$CHECK/group"
  grep -q '^Debian-exim:' "$CHECK/passwd" || echo 'Debian-exim:x:65534:65534::/nonexistent:/usr/sbin/nologin' >> "$CHECK/passwd"
  grep -q '^Debian-exim:' "$CHECK/group" || echo 'Debian-exim:x:65534:' >> "$CHECK/group"
  out=$(unshare --mount sh -c 'mount --bind "$1/passwd" /etc/passwd && mount --bind "$1/group" /etc/group && exec "$2" -C "$1/exim.conf" -bV' \
    sh "$CHECK" "$bin" 2>&1) || true
  if grep -q '^Support for:.*GnuTLS' <<<"$out"; then ok exim "$(grep -o 'Exim version [0-9.]*' <<<"$out" | cut -d' ' -f3), TLS via GnuTLS (exim4 -bV), $PEERS_DIR/exim4-daemon-light"
  else fail exim "exim4 -bV does not run or lacks GnuTLS: $(grep -v Warning <<<"$out" | firstline)" exim4-daemon-light; fi
}

check_opensmtpd() {
  local bin="$PEERS_DIR/opensmtpd/usr/sbin/smtpd" missing out
  [ -x "$bin" ] || { fail opensmtpd "$bin is missing (extraction failed)" opensmtpd; return; }
  missing=$(ldd "$bin" 2>&1 | grep 'not found' | awk '{print $1}' | tr '\n' ' ' || true)
  [ -z "$missing" ] || { fail opensmtpd "missing shared libraries: $missing" "the package of each library"; return; }
  out=$("$bin" -h 2>&1) || true
  if grep -q 'version: OpenSMTPD' <<<"$out" && grep -q libssl <<<"$(ldd "$bin")"; then ok opensmtpd "$(grep -o 'OpenSMTPD [^ ]*' <<<"$out" | cut -d' ' -f2), OpenSSL $(ldd "$bin" | grep -o 'libssl.so[.0-9]*' | head -1), $PEERS_DIR/opensmtpd"
  else fail opensmtpd "smtpd -h does not run: $(firstline <<<"$out")" opensmtpd; fi
}

PEERS=(postfix swaks sslscan testssl.sh redis-server dnsmasq chromium gnutls-cli msmtp curl openssl exim opensmtpd)
# The checks are independent: run them side by side (testssl.sh's scan and Chromium's start take the longest).
for fn in check_postfix check_swaks check_sslscan check_testssl check_redis check_dnsmasq check_chromium check_gnutls \
  check_msmtp check_curl check_openssl check_exim check_opensmtpd; do
  "$fn" &
done
wait_checks() { local j; for j in $(jobs -p); do [ "$j" = "$(cat "$CHECK/s_server.pid")" ] || wait "$j" || true; done; }
wait_checks

status=0
for peer in "${PEERS[@]}"; do
  if [ -f "$CHECK/$peer.line" ]; then cat "$CHECK/$peer.line"; else printf 'FAIL %-12s the check printed nothing\n' "$peer"; fi
  grep -q '^ok ' "$CHECK/$peer.line" 2>/dev/null || status=1
done
[ "$status" = 0 ] || say "a peer above lacks a capability: install the Debian package named on its line (as root), then run npm run peers again"
exit "$status"
