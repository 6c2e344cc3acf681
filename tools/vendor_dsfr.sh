#!/usr/bin/env bash
# Vendor the Système de Design de l'État (@gouvfr/dsfr) from the npm registry (ADR 0010).
#
# `npm pack` fetches the published tarball into a temporary folder: nothing is installed and no
# package script runs (so the `preinstall` licence prompt does not apply; the terms are accepted
# by this project's decision recorded in ADR 0010). The tarball is checked against the integrity
# recorded below (and against what the registry announces), then the subset that a
# server-rendered app needs is copied, byte for byte and keeping the directory layout of `dist/`,
# into src/calpae/web/static/vendor/dsfr/ with the package's licence and terms of use. Source maps
# and non-minified files are left out. A sha256 manifest of the copied files is written beside
# the folder (vendor/dsfr.sha256) so that a test can prove the files are complete and unmodified.
#
# Usage: make vendor-dsfr   (needs npm, tar, openssl, sha256sum; neither CI nor run time does)
# To upgrade: change VERSION, set INTEGRITY to `npm view @gouvfr/dsfr@VERSION dist.integrity`,
# run, review the diff of the CSS banner and the terms (doc/legal/cgu.md), update the ADR.

set -euo pipefail

VERSION=1.15.3
INTEGRITY=sha512-R9AALZc1LfZjtytWZMOaUIOHWTkllBZ/sZlsL8TpKZVgF3qUKXt/uNYh+L1D1Fh4p92ZqWxbtNcebsigBZe5pQ==
PACKAGE=@gouvfr/dsfr
# The version of the terms of use (doc/legal/cgu.md, `cguVersion`) that ADR 0010 read and accepted;
# the script stops if the package carries other terms, so that they are read again.
CGU_VERSION=1.0.1

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENDOR="$ROOT/src/calpae/web/static/vendor"
DEST="$VENDOR/dsfr"
MANIFEST="$VENDOR/dsfr.sha256"

# Files taken from the package's dist/ (globs relative to dist/, layout kept).
DIST_FILES=(
  dsfr.min.css              # every component; url(fonts/…) and url(icons/…)
  dsfr.module.min.js        # <script type="module">
  dsfr.nomodule.min.js      # <script nomodule> for browsers without ES modules
  utility/icons/icons.min.css   # the fr-icon-* classes; url(../../icons/…)
  'icons/*/*.svg'
  'fonts/*.woff2'
  'fonts/*.woff'            # the CSS names both formats in each @font-face
  'favicon/*'
  'artwork/*.svg'
  'artwork/*/*.svg'
  'artwork/*/*/*.svg'
)
# Files taken from the package root: its licence, terms of use, README (licence section) and
# package.json (the version, for the record).
ROOT_FILES=(LICENSE.md README.md package.json 'doc/legal/*.md')

die() { echo "vendor_dsfr: $*" >&2; exit 1; }
for tool in npm tar openssl sha256sum; do
  command -v "$tool" >/dev/null || die "$tool est requis / $tool is required"
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "npm pack $PACKAGE@$VERSION"
(cd "$work" && npm pack --ignore-scripts --silent "$PACKAGE@$VERSION" >/dev/null)
tarball="$work/gouvfr-dsfr-$VERSION.tgz"
[ -f "$tarball" ] || die "npm pack n'a pas produit $tarball"

announced=$(cd "$work" && npm view "$PACKAGE@$VERSION" dist.integrity)
[ "$announced" = "$INTEGRITY" ] \
  || die "le registre annonce $announced, attendu $INTEGRITY / registry integrity differs"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
[ "$actual" = "$INTEGRITY" ] \
  || die "intégrité du paquet : $actual, attendu $INTEGRITY / tarball integrity mismatch"
echo "intégrité vérifiée / integrity ok: $INTEGRITY"

tar -xzf "$tarball" -C "$work" --no-same-owner --no-same-permissions
package="$work/package"
grep -q "\"version\": \"$VERSION\"" "$package/package.json" || die "package.json n'est pas $VERSION"
grep -qx "cguVersion: '$CGU_VERSION'" "$package/doc/legal/cgu.md" \
  || die "les modalités d'utilisation ne sont plus la version $CGU_VERSION : les relire et mettre \
à jour l'ADR 0010 / the terms of use changed: read them, update ADR 0010, then CGU_VERSION"

copy() {  # copy BASE PATTERN...: each file matching BASE/PATTERN to DEST/PATTERN
  local base=$1; shift
  local pattern file
  shopt -s nullglob
  for pattern in "$@"; do
    local matched=0
    for file in "$base"/$pattern; do
      [ -f "$file" ] || continue
      case $file in *.map) continue ;; esac
      matched=1
      local rel=${file#"$base"/}
      mkdir -p "$DEST/$(dirname "$rel")"
      cp "$file" "$DEST/$rel"
    done
    [ "$matched" -eq 1 ] || die "aucun fichier pour $pattern / nothing matches $pattern"
  done
  shopt -u nullglob
}

rm -rf "$DEST"
mkdir -p "$DEST"
copy "$package/dist" "${DIST_FILES[@]}"
copy "$package" "${ROOT_FILES[@]}"
chmod -R u=rwX,go=rX "$DEST"

(cd "$DEST" && find . -type f -printf '%P\n' | LC_ALL=C sort | xargs -d '\n' sha256sum) >"$MANIFEST"

files=$(wc -l <"$MANIFEST")
bytes=$(cd "$DEST" && find . -type f -printf '%s\n' | awk '{s += $1} END {print s}')
echo "DSFR $VERSION : $files fichiers, $bytes octets dans ${DEST#"$ROOT"/}"
