#!/usr/bin/env bash
# Builds the libFuzzer targets under Fuzz/ (their own package and scratch folder, so `swift build` and CI never
# build them) and runs each for SECONDS (default 600), seeded with the mail fixtures.
#   scripts/fuzz.sh [SECONDS]
# Crashing inputs are written to Fuzz/findings/TARGET/; corpora grow in Fuzz/corpus/TARGET/ (both ignored by git).
set -euo pipefail
seconds="${1:-600}"
root="$(cd "$(dirname "$0")/.." && pwd)"
fuzz="$root/Fuzz"
scratch="$fuzz/.build-fuzz"

nice -n 10 swift build --package-path "$fuzz" --scratch-path "$scratch" -c release \
    -Xswiftc -sanitize=fuzzer,address
bin="$(swift build --package-path "$fuzz" --scratch-path "$scratch" -c release --show-bin-path)"

for target in fuzz-mail fuzz-reply-cleaner; do
    corpus="$fuzz/corpus/$target"
    findings="$fuzz/findings/$target"
    mkdir -p "$corpus" "$findings"
    cp "$root"/Fixtures/mail/* "$corpus"/
    if [ "$target" = fuzz-reply-cleaner ]; then
        cp "$root"/Fixtures/html/*.html "$corpus"/ 2>/dev/null || true
    fi
    echo "== $target for ${seconds}s"
    nice -n 10 "$bin/$target" "$corpus" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
        -max_len=65536 -artifact_prefix="$findings/" -print_final_stats=1 2>&1 | tee "$fuzz/$target.log" | \
        grep -E "^#[0-9]+ +(DONE|pulse)|ERROR|SUMMARY|stat::number_of_executed_units|stat::peak_rss_mb|Done" || true
done
