#!/usr/bin/env bash
# Run a local Virtuoso Open Source server for trying careergraph's --endpoint and publish.
#
#   scripts/virtuoso.sh start    start it (loopback only) and wait until SPARQL answers
#   scripts/virtuoso.sh stop     stop it and delete its database
#   scripts/virtuoso.sh status   say whether it runs
#
# Settings (environment): VIRTUOSO_DIR (database and ini; default: a directory under $TMPDIR),
# VIRTUOSO_HTTP_PORT (8890), VIRTUOSO_SQL_PORT (1111), VIRTUOSO_COST_LIMIT (0: no limit on the
# estimated cost of a query; 400 is the stock virtuoso.ini setting, under which Virtuoso refuses some
# queries before running them). The database is new and throw-away; its
# administrator is dba with password dba, reachable from this machine only.
# Needs virtuoso-t (Debian: apt-get install virtuoso-opensource-7-bin).
set -euo pipefail

dir=${VIRTUOSO_DIR:-${TMPDIR:-/tmp}/careergraph-virtuoso}
http_port=${VIRTUOSO_HTTP_PORT:-8890}
sql_port=${VIRTUOSO_SQL_PORT:-1111}
cost_limit=${VIRTUOSO_COST_LIMIT:-0}
base="http://127.0.0.1:${http_port}"

running() { [[ -f "$dir/virtuoso.pid" ]] && kill -0 "$(cat "$dir/virtuoso.pid")" 2>/dev/null; }

answers() {
    curl -fsS -o /dev/null --max-time 2 "$base/sparql?query=ASK%7B%7D" 2>/dev/null
}

write_ini() {
    cat > "$dir/virtuoso.ini" <<INI
[Database]
DatabaseFile       = $dir/virtuoso.db
ErrorLogFile       = $dir/virtuoso.log
LockFile           = $dir/virtuoso.lck
TransactionFile    = $dir/virtuoso.trx
xa_persistent_file = $dir/virtuoso.pxa
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = $dir/virtuoso-temp.db
TransactionFile    = $dir/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort         = 127.0.0.1:${sql_port}
DisableUnixSocket  = 1
DirsAllowed        = ., $dir
NumberOfBuffers    = 170000
MaxDirtyBuffers    = 130000
ThreadsPerQuery    = 2
CheckpointInterval = 60

[HTTPServer]
ServerPort         = 127.0.0.1:${http_port}
ServerRoot         = $dir
MaxClientConnections = 10
ServerThreads      = 10

[SPARQL]
ResultSetMaxRows   = 10000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = ${cost_limit}
DefaultQuery       = ASK {}
INI
}

start() {
    if running; then echo "virtuoso already runs: $base/sparql"; return; fi
    command -v virtuoso-t >/dev/null || { echo "virtuoso-t not found: apt-get install virtuoso-opensource-7-bin" >&2; exit 2; }
    mkdir -p "$dir"
    write_ini
    (cd "$dir" && exec virtuoso-t +foreground +configfile "$dir/virtuoso.ini" >"$dir/stdout.log" 2>&1) &
    echo $! > "$dir/virtuoso.pid"
    for _ in $(seq 1 120); do
        if answers; then
            echo "virtuoso runs (pid $(cat "$dir/virtuoso.pid")), data in $dir"
            echo "  export CAREERGRAPH_ENDPOINT=$base/sparql-auth"
            echo "  export CAREERGRAPH_ENDPOINT_GRAPH=https://w3id.org/careergraph/graph"
            echo "  export CAREERGRAPH_ENDPOINT_USER=dba CAREERGRAPH_ENDPOINT_PASSWORD=dba"
            echo "  careergraph publish --graph-store $base/sparql-graph-crud-auth"
            return
        fi
        if ! running; then echo "virtuoso did not start; see $dir/virtuoso.log" >&2; tail -5 "$dir/virtuoso.log" >&2 || true; exit 1; fi
        sleep 0.5
    done
    echo "virtuoso started but $base/sparql does not answer; see $dir/virtuoso.log" >&2
    exit 1
}

stop() {
    if running; then
        pid=$(cat "$dir/virtuoso.pid")
        kill "$pid"
        for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -rf "$dir"
    echo "virtuoso stopped"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) if running; then echo "runs: $base/sparql"; else echo "not running"; exit 1; fi ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
