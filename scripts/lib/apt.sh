# shellcheck shell=bash
# Sourced by test.sh, bench.sh, detection-table.sh and cluster-demo.sh: installs the Debian packages a script needs.
#
#   ensure_apt_packages NAME ENTRY...   each ENTRY is PACKAGE or PACKAGE@PATH: a package counts as present when PATH
#                                       (a command or a glob) exists, or dpkg has it installed. Missing ones are
#                                       installed with apt-get when run as root (apt-get update first only when apt
#                                       has no candidate for one, the log in .build/apt-NAME.log); otherwise the sudo
#                                       line is printed. Messages start with NAME. Quiet when nothing is missing;
#                                       returns 1 when something is still missing.

ensure_apt_packages() {
  local name=$1 missing=() entry pkg path status apt_log candidate
  shift
  for entry in "$@"; do
    pkg=${entry%%@*}
    path=
    [[ $entry == *@* ]] && path=${entry#*@}
    if [[ -n $path ]] && { command -v "$path" >/dev/null || compgen -G "$path" >/dev/null; }; then continue; fi
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [[ $status == *" installed" ]] || missing+=("$pkg")
  done
  ((${#missing[@]} > 0)) || return 0

  if ((EUID != 0)); then
    echo "$name: error: missing system packages: ${missing[*]}; install them with" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    echo "  then run this again" >&2
    return 1
  fi
  command -v apt-get >/dev/null || { echo "$name: missing ${missing[*]} and no apt-get to install them" >&2; return 1; }
  local build
  build=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.build
  mkdir -p "$build"
  apt_log=$build/apt-$name.log
  for pkg in "${missing[@]}"; do
    candidate=$(apt-cache policy "$pkg" 2>/dev/null | sed -n 's/^ *Candidate: *//p')
    if [[ -z $candidate || $candidate == "(none)" ]]; then
      echo "$name: apt-get update" >&2
      if ! DEBIAN_FRONTEND=noninteractive apt-get update -q >"$apt_log" 2>&1; then
        cat "$apt_log" >&2
        echo "$name: apt-get update failed" >&2
        return 1
      fi
      break
    fi
  done
  echo "$name: installing ${missing[*]} (apt-get install; this can take a while, log in $apt_log)" >&2
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    "${missing[@]}" >"$apt_log" 2>&1; then
    tail -n 40 "$apt_log" >&2
    echo "$name: apt-get install ${missing[*]} failed" >&2
    return 1
  fi
  echo "$name: installed ${missing[*]}" >&2
  hash -r
}
