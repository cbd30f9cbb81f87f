#!/usr/bin/env bash
# Prepares, on a machine WITHOUT a GPU, everything kernels/gpu-check.sh needs on a GPU machine that
# has no Java, no Maven and no network (the lent H100/H200 machines have CUDA and Python only):
#   .gpu/jrt.tar.xz     a jlink'ed Java runtime (java.base, the Vector API, management, HTTP)
#   .gpu/classes        the CLI's classes (web/target/classes)
#   .gpu/lib/           the runtime jars minus the web server and database ones (Payara alone is 100 MB)
#   .gpu/test-classes   the executor's compiled tests (the @Tag("gpu") ones run there)
#   .gpu/testlib/       JUnit's console launcher and AssertJ
# .gpu/ is git-ignored; pass it as `carry` to the device tool. The working tree plus .gpu/ must stay
# under the 64 MiB a device call takes; the script prints the size.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
command -v nvcc >/dev/null || { echo "gpu-bundle: nvcc is needed here to build the PTX" >&2; exit 1; }
# the console launcher of the JUnit Platform that goes with the pom's JUnit 5.x.y is 1.x.y
JUNIT_PLATFORM="1.$(sed -n 's:.*<junit.version>5\.\(.*\)</junit.version>.*:\1:p' pom.xml)"

echo "gpu-bundle: building (PTX with $(nvcc --version | tail -n 1))" >&2
mvn -B -q -DskipTests package >&2
ls kernels/target/classes/io/serveplan/kernels/*.ptx >/dev/null

rm -rf .gpu && mkdir -p .gpu/lib .gpu/testlib
cp -r web/target/classes .gpu/classes
cp -r executor/target/test-classes .gpu/test-classes
for jar in web/target/lib/*.jar; do
  case "$(basename "$jar")" in
    payara-micro-*|jooq-*|h2-*|postgresql-*|flyway-*|jfreechart-*|org.jfree.svg-*|r2dbc-*|reactive-streams-*|checker-qual-*) ;;
    *) cp "$jar" .gpu/lib/ ;;
  esac
done
mvn -B -q dependency:copy -Dartifact="org.junit.platform:junit-platform-console-standalone:$JUNIT_PLATFORM" \
  -DoutputDirectory=.gpu/testlib >&2
ASSERTJ="$(sed -n 's:.*<assertj.version>\(.*\)</assertj.version>.*:\1:p' pom.xml)"
mvn -B -q dependency:copy -Dartifact="org.assertj:assertj-core:$ASSERTJ" -DoutputDirectory=.gpu/testlib >&2

tmp="$(mktemp -d)"
jlink --add-modules java.base,jdk.incubator.vector,java.management,jdk.management,java.logging,java.xml,java.sql,java.naming,jdk.unsupported,java.net.http,jdk.httpserver \
  --compress=2 --strip-debug --no-header-files --no-man-pages --output "$tmp/jrt"
tar -C "$tmp" -cJf .gpu/jrt.tar.xz jrt
rm -rf "$tmp"

tree_bytes=$(git ls-files -z | xargs -0 du -cb | tail -n 1 | cut -f1)
bundle_bytes=$(du -sb .gpu | cut -f1)
printf 'gpu-bundle: .gpu/ %.1f MiB + working tree %.1f MiB = %.1f MiB (device limit 64 MiB)\n' \
  "$(echo "$bundle_bytes/1048576" | bc -l)" "$(echo "$tree_bytes/1048576" | bc -l)" \
  "$(echo "($bundle_bytes+$tree_bytes)/1048576" | bc -l)"
