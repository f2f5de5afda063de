# Shared helpers for the bench/ scripts: sourced, not run. Each benchmark measures planfit and its
# baseline in the same run, alternating the two so machine load hits both alike, and reports medians.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
planfit="$root/.build/release/planfit"

log() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; }

# The release build README.md gives: static Swift libraries (no dynamic loading of the Swift runtime at
# every start) and no debug sections (the symbol table stays, for backtraces).
release_flags=(-c release --static-swift-stdlib -Xlinker --strip-debug)

# Builds the release binary unless bench/run already did (PLANFIT_BENCH_BUILT=1).
build_release() {
    if [[ "${PLANFIT_BENCH_BUILT:-}" != 1 ]]; then
        log "building planfit (release)"
        (cd "$root" && swift build "${release_flags[@]}" --product planfit >&2)
    fi
    [[ -x "$planfit" ]] || { log "error: no $planfit after the build"; exit 1; }
}

# Bash's own clock (no `date` process per reading: its ~1 ms would be added to both sides of every
# ratio and flatten it).
now_us() { local t=$EPOCHREALTIME; echo $(( 10#${t/./} )); }
now_ns() { echo $(( $(now_us) * 1000 )); }

# Median of the numbers on stdin, one a line.
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Wall time of a command in microseconds, appended to FILE; the command's status is ignored because
# some measured runs end with a named failure on purpose (e.g. a cut-off answer), checked elsewhere.
time_into() {
    local file=$1; shift
    local start=$EPOCHREALTIME
    "$@" >/dev/null 2>&1 || true
    local end=$EPOCHREALTIME
    echo $(( 10#${end/./} - 10#${start/./} )) >> "$file"
}

# Peak resident memory of a command in KiB (GNU time).
peak_kib() {
    [[ -x /usr/bin/time ]] || { log "installing GNU time"; apt-get install -y -qq time >/dev/null 2>&1 || sudo apt-get install -y -qq time >/dev/null; }
    # The command's own status does not matter here (check exits 1 on findings, git diff on differences).
    { /usr/bin/time -v "$@" 2>&1 >/dev/null || true; } | awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "inf"; else printf "%.2f", a / b }'; }
ms() { awk -v us="$1" 'BEGIN { printf "%.1f ms", us / 1000 }'; }
s() { awk -v us="$1" 'BEGIN { printf "%.2f s", us / 1000000 }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }
at_most() { awk -v v="$1" -v limit="$2" 'BEGIN { print (v + 0 <= limit + 0) ? "pass" : "FAIL" }'; }
at_least() { awk -v v="$1" -v limit="$2" 'BEGIN { print (v + 0 >= limit + 0) ? "pass" : "FAIL" }'; }

# One result row for bench/run: name | planfit | baseline | ratio | goal | pass/FAIL.
result() { printf 'RESULT|%s|%s|%s|%s|%s|%s\n' "$@"; }

# --- The live server --------------------------------------------------------------------------
bench_port=${PLANFIT_BENCH_PORT:-8095}
bench_server="http://127.0.0.1:$bench_port"
started_server=0

# Starts llama-server on $bench_port with 4 slots unless one already answers there, and stops it on
# exit if this script started it. If another process is building the llama-server binary right now,
# waits for that build instead of starting a second one.
start_live_server() {
    # sed, not head: head would close the pipe early and pipefail would end the script silently.
    local bin; bin=$("$root/scripts/local-model-server" paths | sed -n 1p)
    local waited=0
    while [[ ! -x "$bin" ]] && pgrep -f "cmake --build .*planfit/llama" >/dev/null 2>&1; do
        (( waited % 60 == 0 )) && log "waiting for the llama-server build in progress ($((waited / 60)) min so far)"
        sleep 10; waited=$((waited + 10))
    done
    if "$root/scripts/local-model-server" status --port "$bench_port" >/dev/null 2>&1; then
        log "using the server already answering on $bench_server"
        return
    fi
    # /metrics on: bench/batch reads the server's own counters of cached prompt tokens.
    LLAMA_ARG_ENDPOINT_METRICS=1 "$root/scripts/local-model-server" start --port "$bench_port" --np 4 >&2
    started_server=1
    trap stop_live_server EXIT
}

stop_live_server() {
    if [[ $started_server == 1 ]]; then
        "$root/scripts/local-model-server" stop --port "$bench_port" >&2 || true
        started_server=0
    fi
    [[ -n "${work:-}" ]] && rm -rf "$work"
    return 0
}

# A temporary folder removed on exit (stop_live_server removes it too, when it owns the trap).
make_work() {
    work=$(mktemp -d "${TMPDIR:-/tmp}/planfit-bench.XXXXXX")
    trap 'stop_live_server' EXIT
}

# The small plan and team live benches use: a few seconds per request with a short --max-tokens.
small_plan="$root/fixtures/plans/batch/wallet-launch.md"
team="$root/fixtures/teams/payments.yaml"
