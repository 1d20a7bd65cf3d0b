#!/bin/sh
# The example nets against their CPU references: tests/run-nets.sh BUILD [small|large]
#
# examples/cnn: the CPU reference trains the weights (seconds), then the CNN
# runs unmodified under `cobalt run`; every test image must get the same
# class from both, the probabilities must agree within 1e-6 and so must the
# accuracy. examples/gpt: greedy and seeded top-k generation (the latter
# from a checkpoint file written by the reference) must produce the same
# text, and the logits of every step must agree within 1e-4. Both sides do
# the same f16/f32 arithmetic in the same order, so the differences are in
# practice exactly 0 (examples/common/net_math.h); the tolerances only
# leave room for a future change of summation order.
# `small` (the default, what `make test` runs) keeps both under ~30 s on
# 2 cores; `large` is the configuration documented for manual runs
# (`make nets`). Environment: NETS_TIMEOUT (seconds per run, default 600).
set -u
build=${1:-build}
size=${2:-small}
limit=${NETS_TIMEOUT:-600}
cobalt=$build/bin/cobalt
ex=$build/examples
out=$build/nets
for f in "$cobalt" "$ex/cnn/cnn" "$ex/cnn/cnn_ref" "$ex/gpt/gpt" "$ex/gpt/gpt_ref"; do
    [ -x "$f" ] || { echo "run-nets: $f is missing: run 'make BUILD=$build all' (needs nvcc)"; exit 1; }
done
case $size in
small) train=1500 epochs=3 test=128 gptcfg=small tokens=24 ;;
large) train=3000 epochs=3 test=1024 gptcfg=large tokens=32 ;;
*) echo "run-nets: size must be small or large, not '$size'"; exit 1 ;;
esac
mkdir -p "$out" || exit 1
failed=0
fail() { # what [log...]
    echo "FAIL $1"
    shift
    for log in "$@"; do [ -s "$log" ] && tail -n 15 "$log" | sed 's/^/    /'; done
    failed=$((failed + 1))
}
# maxdiff FILE1 FILE2: the largest absolute difference of matching numbers
# (the files must have the same shape)
maxdiff() {
    awk 'NR == FNR { for (i = 1; i <= NF; i++) a[FNR, i] = $i; n[FNR] = NF; rows = FNR; next }
         { if (n[FNR] != NF) bad = 1
           for (i = 1; i <= NF; i++) { d = $i - a[FNR, i]; if (d < 0) d = -d; if (d > m) m = d } }
         END { if (bad || FNR != rows) print "shape"; else printf "%.3g\n", m }' "$1" "$2"
}
within() { awk -v d="$1" -v t="$2" 'BEGIN { exit !(d != "shape" && d + 0 <= t + 0) }'; }
rate() { sed -n 's/^cobalt: TOTALS .* \([0-9.e+]*\) thread-insns\/s$/\1/p' "$1"; }

# ---- CNN ----------------------------------------------------------------------
o=$out/cnn
if ! timeout -k 10 "$limit" "$ex/cnn/cnn_ref" --train "$o-weights.bin" --train-size "$train" \
        --epochs "$epochs" --weights "$o-weights.bin" --test "$test" \
        --classes "$o-ref.classes" --probs "$o-ref.probs" >"$o-ref.out" 2>&1; then
    fail "cnn_ref (training and CPU inference)" "$o-ref.out"
elif ! COBALT_STATS=summary timeout -k 10 "$limit" "$cobalt" run "$ex/cnn/cnn" \
        --weights "$o-weights.bin" --test "$test" --classes "$o-gpu.classes" \
        --probs "$o-gpu.probs" >"$o-gpu.out" 2>"$o-gpu.err"; then
    fail "cnn under cobalt run" "$o-gpu.out" "$o-gpu.err"
else
    d=$(maxdiff "$o-ref.probs" "$o-gpu.probs")
    acc_ref=$(sed -n 's/^cnn_ref: accuracy //p' "$o-ref.out")
    acc_gpu=$(sed -n 's/^cnn: accuracy //p' "$o-gpu.out")
    if ! cmp -s "$o-ref.classes" "$o-gpu.classes"; then
        fail "cnn: classes differ from the CPU reference's ($o-ref.classes, $o-gpu.classes)"
    elif ! within "$d" 1e-6; then
        fail "cnn: probabilities differ from the CPU reference's by $d (tolerance 1e-6)"
    elif [ -z "$acc_ref" ] || [ "$acc_ref" != "$acc_gpu" ]; then
        fail "cnn: accuracy '$acc_gpu', CPU reference '$acc_ref'" "$o-gpu.out" "$o-ref.out"
    else
        echo "PASS cnn ($size): $test digits, all classes equal, accuracy $acc_gpu," \
             "max |probability difference| $d, $(rate "$o-gpu.err") simulated thread-insns/s"
    fi
fi

# ---- GPT ----------------------------------------------------------------------
o=$out/gpt
prompt="Cobalt runs CUDA"
# gpt_case LABEL ARGS...: both programs with the same arguments
gpt_case() {
    label=$1
    shift
    if ! timeout -k 10 "$limit" "$ex/gpt/gpt_ref" "$@" --logits "$o-$label-ref.logits" \
            >"$o-$label-ref.out" 2>&1; then
        fail "gpt_ref $label" "$o-$label-ref.out"; return
    fi
    if ! COBALT_STATS=summary timeout -k 10 "$limit" "$cobalt" run "$ex/gpt/gpt" "$@" \
            --logits "$o-$label-gpu.logits" >"$o-$label-gpu.out" 2>"$o-$label-gpu.err"; then
        fail "gpt $label under cobalt run" "$o-$label-gpu.out" "$o-$label-gpu.err"; return
    fi
    sed -n '/^--- text ---$/,/^--- end ---$/p' "$o-$label-ref.out" >"$o-$label-ref.text"
    sed -n '/^--- text ---$/,/^--- end ---$/p' "$o-$label-gpu.out" >"$o-$label-gpu.text"
    d=$(maxdiff "$o-$label-ref.logits" "$o-$label-gpu.logits")
    if [ ! -s "$o-$label-ref.text" ] || ! cmp -s "$o-$label-ref.text" "$o-$label-gpu.text"; then
        diff "$o-$label-ref.text" "$o-$label-gpu.text" >"$o-$label.diff"
        fail "gpt $label: text differs from the CPU reference's" "$o-$label.diff"
    elif ! within "$d" 1e-4; then
        fail "gpt $label: logits differ from the CPU reference's by $d (tolerance 1e-4)"
    else
        echo "PASS gpt $label ($size): $(sed -n 2p "$o-$label-gpu.text" | head -c 60)..." \
             "max |logit difference| $d, $(rate "$o-$label-gpu.err") simulated thread-insns/s"
    fi
}
gpt_case greedy --config "$gptcfg" --prompt "$prompt" --tokens "$tokens" --greedy \
    --write-checkpoint "$o.ckpt"
gpt_case topk --checkpoint "$o.ckpt" --prompt "$prompt" --tokens "$tokens" --topk 5 --seed 7

[ $failed = 0 ] && echo "nets: all passed" || echo "nets: $failed failed"
[ $failed = 0 ]
