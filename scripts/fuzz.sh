#!/usr/bin/env bash
# Builds the libFuzzer targets under Fuzz/ (their own package and scratch folder, so `swift build` and CI never
# build them) and runs each for SECONDS (default 600), seeded with the mail fixtures and Fuzz/seeds/TARGET.
#   scripts/fuzz.sh [SECONDS]          (FUZZ_PARALLEL=1 runs the two targets at once, one core each)
# Crashing inputs are written to Fuzz/findings/TARGET/; corpora grow in Fuzz/corpus/TARGET/ (both ignored by git).
set -euo pipefail
seconds="${1:-600}"
root="$(cd "$(dirname "$0")/.." && pwd)"
fuzz="$root/Fuzz"
scratch="$fuzz/.build-fuzz"

nice -n 10 swift build --package-path "$fuzz" --scratch-path "$scratch" -c release \
    -Xswiftc -sanitize=fuzzer,address
bin="$(swift build --package-path "$fuzz" --scratch-path "$scratch" -c release --show-bin-path)"

# The patterns compiled once per process are not leaks (see Fuzz/lsan.supp).
export LSAN_OPTIONS="suppressions=$fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

run_target() {
    local target="$1"
    local corpus="$fuzz/corpus/$target"
    local findings="$fuzz/findings/$target"
    mkdir -p "$corpus" "$findings"
    cp "$root"/Fixtures/mail/* "$corpus"/
    # Inputs no fixture holds as they are (an Outlook RTF body, compressed and not).
    if [ -d "$fuzz/seeds/$target" ]; then cp "$fuzz/seeds/$target"/* "$corpus"/; fi
    if [ "$target" = fuzz-reply-cleaner ]; then
        cp "$root"/Fixtures/html/*.html "$corpus"/ 2>/dev/null || true
    fi
    echo "== $target for ${seconds}s"
    nice -n 10 "$bin/$target" "$corpus" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
        -max_len=65536 -artifact_prefix="$findings/" -print_final_stats=1 >"$fuzz/$target.log" 2>&1 || true
    grep -E "^#[0-9]+ +(DONE|pulse)|ERROR|SUMMARY|stat::number_of_executed_units|stat::peak_rss_mb|Done" \
        "$fuzz/$target.log" | sed "s/^/$target: /" || true
}

if [ "${FUZZ_PARALLEL:-0}" = 1 ]; then
    # One target per core at the same time.
    run_target fuzz-mail &
    run_target fuzz-reply-cleaner &
    wait
else
    run_target fuzz-mail
    run_target fuzz-reply-cleaner
fi
