#!/usr/bin/env bash
# Builds the libFuzzer targets under Fuzz/ (their own package and scratch folder, so `swift build` and CI never
# build them) and runs each for SECONDS (default 600), seeded with the fixtures and Fuzz/seeds/TARGET.
#   scripts/fuzz.sh [SECONDS] [TARGET...]   (the four targets by default; FUZZ_PARALLEL=1 runs them at once)
# Crashing inputs are written to Fuzz/findings/TARGET/; corpora grow in Fuzz/corpus/TARGET/ (both ignored by git).
set -euo pipefail
seconds="${1:-600}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then targets=(fuzz-mail fuzz-reply-cleaner fuzz-parquet fuzz-import); fi
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
    if [ "$target" = fuzz-parquet ]; then
        cp "$root"/Fixtures/parquet/*.parquet "$root"/Fixtures/parquet/*.arrow "$corpus"/
        cp "$root"/Fixtures/parquet/intents-saved/data-00000-of-00001.arrow "$corpus"/saved-intents.arrow
    elif [ "$target" = fuzz-import ]; then
        # Every record file, conversation export, transcript, labelled file and page among the fixtures (by name,
        # since a name can repeat across folders).
        find "$root"/Fixtures \( -name '*.csv' -o -name '*.json' -o -name '*.jsonl' -o -name '*.txt' \
            -o -name '*.html' -o -name '*.md' -o -name '*.yml' \) -size -64k -type f | while read -r seed; do
            cp "$seed" "$corpus/$(echo "${seed#"$root"/Fixtures/}" | tr / _)"
        done
    else
        cp "$root"/Fixtures/mail/* "$corpus"/
    fi
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
    # The targets at the same time.
    for target in "${targets[@]}"; do run_target "$target" & done
    wait
else
    for target in "${targets[@]}"; do run_target "$target"; done
fi
