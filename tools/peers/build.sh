#!/usr/bin/env bash
# Build the peer linters that shipshape's benchmarks compare against, from the
# Go module proxy, into a cache outside the repository. See README.md here.
#
#   tools/peers/build.sh           build what is missing, print one line per tool:
#                                    "<tool> <version> <path>"  or
#                                    "<tool>: not built: <reason>"
#   tools/peers/build.sh --print   build nothing; print "<name>\t<version>\t<path>"
#                                  for every binary (and schema dir) already built
#
# Always exits 0 once past argument parsing: a tool that cannot be built is
# reported on its line, and the benchmark reports that reason.
#
# Environment:
#   SHIPSHAPE_CACHE   cache root (default $HOME/.cache/shipshape); binaries go to
#                     $SHIPSHAPE_CACHE/peers/<tool>-<version>/<tool>
#   GOMODCACHE, GOCACHE   honoured; default to the go command's own shared defaults
#   GOTOOLCHAIN       default "local": never fetch another Go behind our back
#   SHIPSHAPE_TRY_KUBE_LINTER=1   try kube-linter anyway (the proxy here refuses it)
set -euo pipefail

# ---- pinned versions (newest the proxy serves that build with go1.26) -------
KUBE_SCORE_VERSION=v1.20.0
KUBECONFORM_VERSION=v0.8.0
KUBE_LINTER_VERSION=v0.8.3 # not served by the proxy reachable here; see README

KUBE_SCORE_MODULE=github.com/zegl/kube-score
KUBECONFORM_MODULE=github.com/yannh/kubeconform
KUBE_LINTER_MODULE=golang.stackrox.io/kube-linter
# Test fixture inside the kubeconform module: the Kubernetes definitions
# (~v1.33) as JSON schema; the file name is the sha256 of its upstream URL.
KUBECONFORM_DEFS=fixtures/cache/6dc6142c64b944d783a3e783526114da8e747a14a11d8b32dd1f12e2d89a8330

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PEERS="${SHIPSHAPE_CACHE:-$HOME/.cache/shipshape}/peers"

mode=build
case "${1:-}" in
  "") ;;
  --print) mode=print ;;
  -h | --help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "usage: $0 [--print]" >&2; exit 2 ;;
esac

bin_path() { echo "$PEERS/$1-$2/$1"; } # tool version

if [[ $mode == print ]]; then
  for tv in "kube-score $KUBE_SCORE_VERSION" "kube-linter $KUBE_LINTER_VERSION" \
    "kubeconform $KUBECONFORM_VERSION"; do
    read -r t v <<<"$tv"
    p="$(bin_path "$t" "$v")"
    [[ -x $p ]] && printf '%s\t%s\t%s\n' "$t" "$v" "$p"
  done
  s="$PEERS/kubeconform-schemas-$KUBECONFORM_VERSION"
  [[ -f $s/.complete ]] && printf '%s\t%s\t%s\n' kubeconform-schemas "$KUBECONFORM_VERSION" "$s"
  exit 0
fi

# ---- Go environment ---------------------------------------------------------
if ! command -v go >/dev/null 2>&1; then
  for t in kube-score kube-linter kubeconform; do echo "$t: not built: no go command on PATH"; done
  exit 0
fi
export GOFLAGS=-mod=mod
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
# The module and build caches are content-addressed and safe to share with
# every other Go build on the machine, so keep the go command's defaults.
export GOMODCACHE="${GOMODCACHE:-$(go env GOMODCACHE)}"
export GOCACHE="${GOCACHE:-$(go env GOCACHE)}"
mkdir -p "$PEERS"

# reason LOG: the most telling line of a failed build log, on one line.
reason() {
  local r
  r="$(grep -m1 -E '^(go: |# |.*: (cannot|undefined|error))' "$1" || true)"
  [[ -n $r ]] || r="$(grep -v '^go: downloading' "$1" | tail -n1 || true)"
  r="${r//$'\t'/ }"
  echo "${r:-unknown error} (log: $1)"
}

# build TOOL MODULE VERSION PKG LDFLAGS -> prints the status line.
# Normally `go install PKG@VERSION`. If tools/peers/TOOL/go.mod exists, builds
# inside a copy of that module instead (for tools whose go.mod has replace
# directives, which `go install pkg@version` refuses; put the needed replace
# lines there).
build() {
  local tool=$1 module=$2 version=$3 pkg=$4 ldflags=$5
  local out dir log tmp
  out="$(bin_path "$tool" "$version")"
  if [[ -x $out ]]; then
    echo "$tool $version $out"
    return 0
  fi
  dir="$(dirname "$out")"
  log="$PEERS/$tool-$version.log"
  tmp="$(mktemp -d "$PEERS/.tmp-$tool.XXXXXX")"
  echo "building $tool $version (log: $log) ..." >&2
  local ok=0
  if [[ -f $HERE/$tool/go.mod ]]; then
    cp "$HERE/$tool/go.mod" "$tmp/"
    [[ -f $HERE/$tool/go.sum ]] && cp "$HERE/$tool/go.sum" "$tmp/"
    if (cd "$tmp" && go get "$module@$version" &&
      go build -trimpath -ldflags "$ldflags" -o "$tmp/$tool" "$pkg") >"$log" 2>&1; then
      ok=1
    fi
  elif GOBIN="$tmp" go install -trimpath -ldflags "$ldflags" "$pkg@$version" >"$log" 2>&1; then
    ok=1
  fi
  if [[ $ok == 1 && -x $tmp/$tool ]]; then
    mkdir -p "$dir"
    mv -f "$tmp/$tool" "$out" # same file system: atomic, no half-written binary
    rm -rf "$tmp"
    echo "$tool $version $out"
  else
    rm -rf "$tmp"
    echo "$tool: not built: $(reason "$log")"
  fi
}

# kubeconform downloads its schemas at run time. Offline, it needs a local
# schema directory: generate one from the definitions file that kubeconform's
# own module ships (see README and kubeconform-schemas/main.go).
build_schemas() {
  local out="$PEERS/kubeconform-schemas-$KUBECONFORM_VERSION"
  local log="$PEERS/kubeconform-schemas-$KUBECONFORM_VERSION.log"
  if [[ -f $out/.complete ]]; then
    echo "kubeconform-schemas $KUBECONFORM_VERSION $out"
    return 0
  fi
  local moddir defs tmp
  if ! moddir="$(go mod download -json "$KUBECONFORM_MODULE@$KUBECONFORM_VERSION" 2>"$log" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')" || [[ -z $moddir ]]; then
    echo "kubeconform-schemas: not built: cannot download $KUBECONFORM_MODULE@$KUBECONFORM_VERSION (log: $log)"
    return 0
  fi
  defs="$moddir/$KUBECONFORM_DEFS"
  if [[ ! -f $defs ]]; then
    echo "kubeconform-schemas: not built: $defs missing"
    return 0
  fi
  tmp="$(mktemp -d "$PEERS/.tmp-schemas.XXXXXX")"
  if (cd "$HERE/kubeconform-schemas" && go run . -definitions "$defs" -out "$tmp") >>"$log" 2>&1; then
    touch "$tmp/.complete"
    rm -rf "$out"
    mv "$tmp" "$out"
    echo "kubeconform-schemas $KUBECONFORM_VERSION $out"
  else
    rm -rf "$tmp"
    echo "kubeconform-schemas: not built: $(reason "$log")"
  fi
}

build kube-score "$KUBE_SCORE_MODULE" "$KUBE_SCORE_VERSION" \
  "$KUBE_SCORE_MODULE/cmd/kube-score" \
  "-X main.version=${KUBE_SCORE_VERSION#v} -X main.commit=go-module-proxy"

kl_bin="$(bin_path kube-linter "$KUBE_LINTER_VERSION")"
if [[ -x $kl_bin || ${SHIPSHAPE_TRY_KUBE_LINTER:-} == 1 ]]; then
  build kube-linter "$KUBE_LINTER_MODULE" "$KUBE_LINTER_VERSION" \
    "$KUBE_LINTER_MODULE/cmd/kube-linter" ""
else
  # Asked 2026-11: the proxy answers 403 Forbidden for every version of both
  # golang.stackrox.io/kube-linter and github.com/stackrox/kube-linter. A 403 is
  # final, so do not ask again on every run.
  echo "kube-linter: not built: $KUBE_LINTER_MODULE is not served by the Go module proxy reachable here (403 Forbidden for every version); SHIPSHAPE_TRY_KUBE_LINTER=1 retries"
fi

build kubeconform "$KUBECONFORM_MODULE" "$KUBECONFORM_VERSION" \
  "$KUBECONFORM_MODULE/cmd/kubeconform" "-X main.version=$KUBECONFORM_VERSION"
build_schemas

exit 0
