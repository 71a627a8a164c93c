#!/usr/bin/env bash
# Starts the whole platform under the Aspire AppHost: PostgreSQL, RabbitMQ, identity, units, tasks,
# reporting, coordination and the gateway. Ctrl+C stops everything, servers included.
#
#   ./run.sh                          local mode: this machine's PostgreSQL and RabbitMQ, data in .data/
#   INFRA_MODE=auto ./run.sh          containers when Docker answers, else local
#   ./run.sh --Demo:Enabled=false     any other AppHost setting, as --Key=value
#   GATEWAY_PORT=9090 ./run.sh        another gateway port (default 8080)
set -euo pipefail
cd "$(dirname "$0")"

INFRA_MODE=${INFRA_MODE:-local}
GATEWAY_PORT=${GATEWAY_PORT:-8080}
DASHBOARD_URL=http://localhost:18888
GATEWAY_URL=http://localhost:${GATEWAY_PORT}

if [ "$INFRA_MODE" = local ] || [ "$INFRA_MODE" = auto ]; then
  .ci/install-prerequisites.sh
fi

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "$GATEWAY_PORT" 18888 18889; do
  if port_in_use "$port"; then
    echo "Port $port is already in use (another ./run.sh?). Stop it first; the gateway port can be changed with GATEWAY_PORT=." >&2
    exit 1
  fi
done

echo "==> Building"
dotnet tool restore >/dev/null  # smtp4dev, the local mail sink
dotnet build src/AppHost/AppHost.csproj -nologo -v:minimal

# The AppHost runs in its own session so that Ctrl+C reaches it once, through the trap below, and it
# stops the services and servers in order; a terminal's SIGINT would otherwise hit every process at once.
export DOTNET_ENVIRONMENT=Development ASPNETCORE_ENVIRONMENT=Development
started=$(date +%s)
setsid dotnet src/AppHost/bin/Debug/net10.0/Platform.AppHost.dll \
  --Infra:Mode="$INFRA_MODE" --Gateway:Port="$GATEWAY_PORT" --Demo:Enabled=true "$@" &
apphost=$!
trap 'kill -TERM "$apphost" 2>/dev/null || true' INT TERM HUP

echo "==> Starting the platform (${INFRA_MODE} infrastructure); dashboard: ${DASHBOARD_URL}"
waited=0
until curl -fs -m 2 -o /dev/null "${GATEWAY_URL}/health"; do
  if ! kill -0 "$apphost" 2>/dev/null; then
    wait "$apphost" || true
    echo "The AppHost stopped before the platform became healthy (see the log above)." >&2
    exit 1
  fi
  sleep 1
  waited=$((waited + 1))
  if [ "$waited" -eq 180 ]; then
    echo "==> Not healthy after 3 minutes: ${DASHBOARD_URL} shows which resource failed or still waits, and its log." >&2
  fi
done

cat <<BANNER

  Platform ready in $(( $(date +%s) - started )) s
    Gateway:    ${GATEWAY_URL}   (health: ${GATEWAY_URL}/health)
    Dashboard:  ${DASHBOARD_URL}   (no login: local development only)
    Mail sink:  http://localhost:5080   (emails the platform sent)
    Sign in:    demo accounts, password Demo@12345 (see README.md)
  Press Ctrl+C to stop everything.

BANNER

# wait returns early when a trapped signal arrives; keep waiting until the AppHost has shut down.
status=0
while kill -0 "$apphost" 2>/dev/null; do
  wait "$apphost" && status=0 || status=$?
done
exit "$status"
