#!/usr/bin/env bash
# Installs the pinned test tools into .tools/ (git-ignored) so that a fresh clone needs nothing
# but Node, Python, Java + Maven and Go. Each tool is reinstalled only when its pin changes.
#
#   .tools/venv-<name>/      Python tools from scripts/tools/requirements-<name>.txt
#   .tools/dynamodb-local/   DynamoDB Local jars and native libraries (scripts/tools/dynamodb-local/pom.xml)
#   .tools/elasticmq/        ElasticMQ, the SQS-compatible server (scripts/tools/elasticmq/pom.xml)
#   .tools/bin/minio         the S3 server, built from source at the pinned module version
#
# Usage: scripts/provision-tools.sh [cfn-lint|dynamodb-local|elasticmq|minio|...]   (no argument: everything)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
PINS="$ROOT/scripts/tools"
# The S3 server; MinIO publishes no semantic versions, so the module is pinned by pseudo-version.
MINIO_MODULE="github.com/minio/minio@v0.0.0-20260212201848-7aac2a2c5b7c"

mkdir -p "$TOOLS/bin"

stamp_matches() { [[ -f "$1" && "$(cat "$1")" == "$2" ]]; }

# Contents only (not paths), so that every checkout of the same pins shares one stamp.
fingerprint() { cat "$@" | sha256sum | cut -c1-16; }

python_tool() {
  local name="$1" req="$PINS/requirements-$1.txt" venv="$TOOLS/venv-$1"
  local want
  want="$(fingerprint "$req")"
  if stamp_matches "$venv/.pinned" "$want"; then return; fi
  echo "provision: $name (python venv)" >&2
  # One retry: venv creation (ensurepip) and downloads have failed once in a while on a busy machine.
  local attempt
  for attempt in 1 2; do
    rm -rf "$venv"
    if python3 -m venv "$venv" &&
      "$venv/bin/pip" install --quiet --disable-pip-version-check --no-input -r "$req"; then
      echo "$want" >"$venv/.pinned"
      return
    fi
    echo "provision: $name failed (attempt $attempt)" >&2
  done
  return 1
}

# A Java server resolved by Maven from its pinned pom: the jars go to .tools/<name>/lib.
maven_tool() {
  local name="$1" label="$2" dir="$TOOLS/$1" pom="$PINS/$1/pom.xml"
  local want
  want="$(fingerprint "$pom")"
  if stamp_matches "$dir/.pinned" "$want"; then return; fi
  echo "provision: $label (maven)" >&2
  rm -rf "$dir"
  mvn --batch-mode --quiet -f "$pom" dependency:copy-dependencies -DoutputDirectory="$dir/lib"
  echo "$want" >"$dir/.pinned"
}

minio() {
  local want="$MINIO_MODULE"
  if stamp_matches "$TOOLS/bin/.minio-pinned" "$want" && [[ -x "$TOOLS/bin/minio" ]]; then return; fi
  echo "provision: MinIO (go install, takes a few minutes the first time)" >&2
  GOBIN="$TOOLS/bin" GOFLAGS=-mod=mod go install "$MINIO_MODULE"
  echo "$want" >"$TOOLS/bin/.minio-pinned"
}

run() {
  case "$1" in
    dynamodb-local) maven_tool dynamodb-local "DynamoDB Local" ;;
    elasticmq) maven_tool elasticmq ElasticMQ ;;
    minio) minio ;;
    *) python_tool "$1" ;;
  esac
}

if [[ $# -eq 0 ]]; then
  for req in "$PINS"/requirements-*.txt; do
    name="$(basename "$req" .txt)"
    run "${name#requirements-}"
  done
  run dynamodb-local
  run elasticmq
  run minio
else
  for tool in "$@"; do run "$tool"; done
fi
