# shellcheck shell=bash
# Sourced by the scripts: puts an installed `dotnet` on PATH when it is not there already
# (the SDK may live in /usr/share/dotnet, $DOTNET_ROOT or ~/.dotnet without being on PATH).
use_dotnet() {
  local dir
  command -v dotnet >/dev/null && return 0
  for dir in /usr/share/dotnet "${DOTNET_ROOT:-}" "$HOME/.dotnet"; do
    if [[ -n $dir && -x $dir/dotnet ]]; then
      PATH=$dir:$PATH
      export DOTNET_ROOT=$dir
      return 0
    fi
  done
  return 1
}
