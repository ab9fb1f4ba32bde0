#!/usr/bin/env bash
# Build the control plane that the live tests and `npm run dev:cluster` run (kube-apiserver,
# etcd, etcdctl) from the Go module proxy into a cache outside the repository. See README.md here.
#
#   tools/control-plane/build.sh           build what is missing, print one line per binary:
#                                            "<tool> <version> <path>"  or
#                                            "<tool>: not built: <reason>"
#                                          exit 0 when every binary is there, 1 when one is not
#   tools/control-plane/build.sh --print   build nothing; print "<tool>\t<version>\t<path>" for
#                                          every binary already built; always exit 0
#
# The pinned versions are the ones the wrapper modules require: kube-apiserver/go.mod
# (k8s.io/kubernetes) and etcd/go.mod (go.etcd.io/etcd/server/v3 and etcdctl/v3).
#
# Environment:
#   SHIPSHAPE_CACHE   cache root (default $HOME/.cache/shipshape); binaries go to
#                     $SHIPSHAPE_CACHE/control-plane/<tool>-<version>/<tool>
#                     (etcd and etcdctl share etcd-<version>/)
#   GOMODCACHE, GOCACHE   honoured; default to the go command's own shared defaults
#   GOTOOLCHAIN       default "local": never fetch another Go behind our back
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${SHIPSHAPE_CACHE:-$HOME/.cache/shipshape}/control-plane"

mode=build
case "${1:-}" in
  "") ;;
  --print) mode=print ;;
  -h | --help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "usage: $0 [--print]" >&2; exit 2 ;;
esac

# required MODULE GOMOD: the version a wrapper module requires (one source of truth).
required() {
  awk -v m="$1" '$1 == m && $2 ~ /^v/ { print $2; exit } $1 == "require" && $2 == m { print $3; exit }' "$2"
}

KUBE_VERSION="$(required k8s.io/kubernetes "$HERE/kube-apiserver/go.mod")"
ETCD_VERSION="$(required go.etcd.io/etcd/server/v3 "$HERE/etcd/go.mod")"

bin_path() { # tool version
  case $1 in
    etcd | etcdctl) echo "$CACHE/etcd-$2/$1" ;;
    *) echo "$CACHE/$1-$2/$1" ;;
  esac
}

if [[ $mode == print ]]; then
  for tv in "kube-apiserver $KUBE_VERSION" "etcd $ETCD_VERSION" "etcdctl $ETCD_VERSION"; do
    read -r t v <<<"$tv"
    p="$(bin_path "$t" "$v")"
    [[ -x $p ]] && printf '%s\t%s\t%s\n' "$t" "$v" "$p"
  done
  exit 0
fi

all_there() {
  [[ -x "$(bin_path kube-apiserver "$KUBE_VERSION")" && -x "$(bin_path etcd "$ETCD_VERSION")" &&
    -x "$(bin_path etcdctl "$ETCD_VERSION")" ]]
}
status_lines() {
  for tv in "kube-apiserver $KUBE_VERSION" "etcd $ETCD_VERSION" "etcdctl $ETCD_VERSION"; do
    read -r t v <<<"$tv"
    echo "$t $v $(bin_path "$t" "$v")"
  done
}
if all_there; then
  status_lines
  exit 0
fi

# ---- Go environment ---------------------------------------------------------
if ! command -v go >/dev/null 2>&1; then
  for t in kube-apiserver etcd etcdctl; do echo "$t: not built: no go command on PATH"; done
  exit 1
fi
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
# The module and build caches are content-addressed and safe to share with every other Go build
# on the machine, so keep the go command's defaults.
export GOMODCACHE="${GOMODCACHE:-$(go env GOMODCACHE)}"
export GOCACHE="${GOCACHE:-$(go env GOCACHE)}"
# Upstream builds both programs static.
export CGO_ENABLED=0
mkdir -p "$CACHE"

# reason LOG: the most telling line of a failed build log, on one line.
reason() {
  local r
  r="$(grep -m1 -E '^(go: |# |.*: (cannot|undefined|error))' "$1" || true)"
  [[ -n $r ]] || r="$(grep -v '^go: downloading' "$1" | tail -n1 || true)"
  r="${r//$'\t'/ }"
  echo "${r:-unknown error} (log: $1)"
}

failed=0

# build NAME VERSION MODDIR LDFLAGS TOOL=PACKAGE... -> one status line per tool.
# Builds each package inside the wrapper module MODDIR with -mod=readonly: its committed go.mod and
# go.sum say exactly what goes in, and a build never edits them.
build() {
  local name=$1 version=$2 moddir=$3 ldflags=$4
  shift 4
  local dir tmp log ok=1 start tool pkg
  dir="$(dirname "$(bin_path "${1%%=*}" "$version")")"
  log="$CACHE/$name-$version.log"
  local missing=0
  for tp in "$@"; do [[ -x "$(bin_path "${tp%%=*}" "$version")" ]] || missing=1; done
  if [[ $missing == 0 ]]; then
    for tp in "$@"; do echo "${tp%%=*} $version $(bin_path "${tp%%=*}" "$version")"; done
    return 0
  fi
  tmp="$(mktemp -d "$CACHE/.tmp-$name.XXXXXX")"
  start=$SECONDS
  echo "building $name $version (log: $log; a first build takes minutes) ..." >&2
  : >"$log"
  for tp in "$@"; do
    tool=${tp%%=*} pkg=${tp#*=}
    if ! (cd "$moddir" && go build -mod=readonly -trimpath -ldflags "$ldflags" -o "$tmp/$tool" "$pkg") >>"$log" 2>&1 ||
      [[ ! -x $tmp/$tool ]]; then
      ok=0
      break
    fi
  done
  if [[ $ok == 1 ]]; then
    mkdir -p "$dir"
    for tp in "$@"; do
      tool=${tp%%=*}
      mv -f "$tmp/$tool" "$dir/$tool" # same file system: atomic, no half-written binary
      echo "$tool $version $dir/$tool"
    done
    echo "built $name $version in $((SECONDS - start)) s" >&2
  else
    failed=1
    for tp in "$@"; do echo "${tp%%=*}: not built: $(reason "$log")"; done
  fi
  rm -rf "$tmp"
}

# Kubernetes v1.X.Y publishes its staging modules as v0.X.Y: every replace line must say so.
staging="v0.${KUBE_VERSION#v1.}"
bad_replace="$(awk -v want="$staging" '$2 == "=>" && $1 ~ /^k8s\.io\// && $4 != want { print $1 " " $4 }' \
  "$HERE/kube-apiserver/go.mod")"
if [[ -n $bad_replace ]]; then
  echo "kube-apiserver: not built: kube-apiserver/go.mod replaces staging modules at a version other than $staging: ${bad_replace//$'\n'/, }"
  failed=1
else
  minor="${KUBE_VERSION#v1.}"
  minor="${minor%%.*}"
  # What upstream's hack/lib/version.sh sets, so that /version and --version tell the truth.
  kube_ldflags="-s -w"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    kube_ldflags+=" -X $p.gitVersion=$KUBE_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor"
    kube_ldflags+=" -X $p.gitTreeState=clean"
  done
  build kube-apiserver "$KUBE_VERSION" "$HERE/kube-apiserver" "$kube_ldflags" \
    kube-apiserver=k8s.io/kubernetes/cmd/kube-apiserver
fi

if [[ "$(required go.etcd.io/etcd/etcdctl/v3 "$HERE/etcd/go.mod")" != "$ETCD_VERSION" ]]; then
  for t in etcd etcdctl; do
    echo "$t: not built: etcd/go.mod must require go.etcd.io/etcd/server/v3 and etcdctl/v3 at one version"
  done
  exit 1
fi
# etcd's version is a constant in go.etcd.io/etcd/api/v3/version; only the commit is a variable.
build etcd "$ETCD_VERSION" "$HERE/etcd" "-s -w" \
  etcd=go.etcd.io/etcd/server/v3 etcdctl=go.etcd.io/etcd/etcdctl/v3

exit "$failed"
