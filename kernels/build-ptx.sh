#!/usr/bin/env bash
# Compiles src/main/cuda/*.cu to PTX for sm_80 and sm_90 when nvcc is on the PATH; otherwise
# packages no PTX (the CUDA backend then reports that it has no kernels). Called by Maven.
set -euo pipefail
out="$1/io/serveplan/kernels"
mkdir -p "$out"
rm -f "$out"/*.ptx
if ! command -v nvcc >/dev/null 2>&1; then
  echo "kernels: nvcc not on the PATH; building without PTX (the CUDA backend will report no kernels)"
  exit 0
fi
for arch in 80 90; do
  for cu in "$(dirname "$0")"/src/main/cuda/*.cu; do
    name="$(basename "$cu" .cu)"
    nvcc -ptx -O3 -std=c++17 -arch=sm_${arch} -o "$out/${name}_sm${arch}.ptx" "$cu"
  done
done
echo "kernels: PTX built with $(nvcc --version | tail -n 1) for sm_80 and sm_90"
