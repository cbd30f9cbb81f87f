#!/usr/bin/env bash
# Every GPU check of the CUDA executor, in one run on a machine with an NVIDIA GPU (H100/H200
# class), writing every figure to one folder (at most 8 files, as the device tool brings back):
#   nvidia-smi.txt   the GPU, driver and CUDA version as the machine reports them
#   tests.txt        every @Tag("gpu") test (CudaBackendTest, CudaForwardTest) through JUnit's console launcher
#   throughput.txt   CudaKernelThroughput: copy bandwidth, decode GEMV, prefill GEMM, paged attention, forward steps
#   calibrate.txt    calibrate --backend cuda --model llama-3.1-8b (random weights of the real shape)
#   profile.json     the calibration profile it wrote
#   validate.txt     validate --backend cuda on the three workloads of examples/validate-cuda/ (JSON reports inside)
#   summary.txt      each step's exit status and wall time
# The machine needs no Java and no network: run kernels/gpu-bundle.sh first on a machine without a
# GPU and carry .gpu/. With the device tool:
#   run(command="bash kernels/gpu-check.sh", carry=[".gpu"], timeout_s=600)
# Usage: kernels/gpu-check.sh [OUT_DIR] (default $OUT, else ./gpu-check-out). GPU id for the
# catalog: SERVEPLAN_GPU (default: h200 when nvidia-smi names an H200, else h100-sxm).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT_DIR="${1:-${OUT:-$ROOT/gpu-check-out}}"
mkdir -p "$OUT_DIR"
summary="$OUT_DIR/summary.txt"
: > "$summary"

[ -f .gpu/jrt.tar.xz ] || { echo "gpu-check: .gpu/ is missing; run kernels/gpu-bundle.sh first and carry .gpu" | tee -a "$summary"; exit 1; }
[ -x .gpu/jrt/bin/java ] || tar -C .gpu -xJf .gpu/jrt.tar.xz
JAVA=.gpu/jrt/bin/java
HEAP="${SERVEPLAN_GPU_HEAP:--Xmx64g}"   # llama-3.1-8b's random fp32 weights take 32 GB on the host
CP=".gpu/classes:.gpu/lib/*"
FLAGS=(--add-modules jdk.incubator.vector -XX:+UseParallelGC "$HEAP" -Dserveplan.home="$ROOT")

nvidia-smi > "$OUT_DIR/nvidia-smi.txt" 2>&1
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv >> "$OUT_DIR/nvidia-smi.txt" 2>&1
GPU="${SERVEPLAN_GPU:-$(grep -q 'H200' "$OUT_DIR/nvidia-smi.txt" && echo h200 || echo h100-sxm)}"
echo "gpu catalog id: $GPU; date: $(date -u +%FT%TZ)" >> "$summary"

step() { # step NAME LIMIT_S OUTFILE COMMAND...
  local name="$1" limit="$2" file="$3"; shift 3
  local t0; t0=$(date +%s)
  timeout "$limit" "$@" >> "$file" 2>&1
  local rc=$?
  echo "$name: exit $rc in $(( $(date +%s) - t0 )) s (limit $limit s)" | tee -a "$summary"
}

step tests 120 "$OUT_DIR/tests.txt" "$JAVA" "${FLAGS[@]}" -jar .gpu/testlib/junit-platform-console-standalone-*.jar \
  execute --class-path ".gpu/test-classes:.gpu/classes:$(ls .gpu/lib/*.jar .gpu/testlib/assertj-*.jar | tr '\n' ':')" \
  --include-tag gpu --scan-class-path .gpu/test-classes --details tree --disable-banner

step throughput 150 "$OUT_DIR/throughput.txt" "$JAVA" "${FLAGS[@]}" -cp "$CP" \
  io.serveplan.executor.cuda.CudaKernelThroughput --model llama-3.1-8b --hardware "$GPU"

step calibrate 180 "$OUT_DIR/calibrate.txt" "$JAVA" "${FLAGS[@]}" -cp "$CP" io.serveplan.web.cli.Main \
  calibrate --backend cuda --model llama-3.1-8b --hardware "$GPU" --out "$OUT_DIR/profile.json"

if [ -f "$OUT_DIR/profile.json" ]; then
  for spec in examples/validate-cuda/*.yaml; do
    echo "=== $spec" >> "$OUT_DIR/validate.txt"
    step "validate $(basename "$spec" .yaml)" 100 "$OUT_DIR/validate.txt" "$JAVA" "${FLAGS[@]}" -cp "$CP" \
      io.serveplan.web.cli.Main validate --backend cuda --profile "$OUT_DIR/profile.json" --spec "$spec" --format json
  done
else
  echo "validate: skipped, calibrate wrote no profile" | tee -a "$summary"
fi
rm -f "$OUT_DIR"/profile.csv  # the dataset beside the profile: kept out to stay within 8 files
