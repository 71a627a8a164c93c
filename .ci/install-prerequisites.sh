#!/usr/bin/env bash
# Installs, from Debian packages, what ./run.sh and ./test.sh need and the machine lacks: the
# PostgreSQL server, the RabbitMQ server, curl and Chromium (the web client's browser tests). Safe to run again: it installs only what is missing.
set -euo pipefail

missing=()
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 && ! command -v postgres >/dev/null 2>&1; then
  missing+=(postgresql)
fi
if [ ! -x /usr/lib/rabbitmq/bin/rabbitmq-server ] && ! command -v rabbitmq-server >/dev/null 2>&1; then
  missing+=(rabbitmq-server)
fi
command -v curl >/dev/null 2>&1 || missing+=(curl)
# Playwright drives this Chromium (tests/EndToEnd.Tests); it never downloads a browser of its own.
[ -x /usr/bin/chromium ] || missing+=(chromium)

if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "Missing: ${missing[*]}. Install them with your package manager and run again." >&2
    exit 1
  fi
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
  echo "==> Installing ${missing[*]} (Debian packages)"
  "${sudo[@]}" apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is required (dotnet not found on PATH)." >&2
  exit 1
fi
