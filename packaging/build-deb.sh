#!/usr/bin/env bash
# Builds the Debian package (统信UOS, 麒麟, Debian, Ubuntu) and checks it as an installer would.
# Run by hand from anywhere in the repository (not from .ci/run: the release build takes minutes):
#
#   bash packaging/build-deb.sh
#
# Needs (README, section 安装 / Install): cargo-zigbuild with zig (pip install ziglang), cargo-deb,
# and from Debian's packages dpkg-dev (dpkg-shlibdeps, for Depends), lintian, binutils (objdump),
# man-db. It writes packaging/out/ (man pages, completions, the .deb), which is never committed.
#
# Steps: (1) the release binary linked against glibc 2.28; (2) fail if it needs a GLIBC_ symbol
# newer than 2.28; (3) the man pages and completions made by that binary; (4) cargo deb; (5) the
# package's files and control fields; (6) lintian, failing on any error; (7) the binary from the
# unpacked package runs --version, --help and commands on a temporary data folder; (8) dpkg
# installs the package into a throwaway root and removes it again.
set -euo pipefail

GLIBC_MAX=2.28
TRIPLE=x86_64-unknown-linux-gnu
ROOT_DIR=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT_DIR"
TARGET_DIR=${CARGO_TARGET_DIR:-target}
OUT=packaging/out
BIN=$TARGET_DIR/$TRIPLE/release/xuexi
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT

step() { printf '\n== %s\n' "$*"; }
fail() {
    printf 'FAILED: %s\n' "$*" >&2
    exit 1
}
# true when version $1 <= version $2
version_le() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | tail -n1)" = "$2" ]; }

for tool in cargo-zigbuild cargo-deb dpkg-deb dpkg-shlibdeps lintian objdump; do
    command -v "$tool" >/dev/null || fail "$tool is not installed (see README, 安装 / Install)"
done

step "1. the release binary, linked against glibc $GLIBC_MAX (cargo zigbuild)"
cargo zigbuild --release --locked --target "$TRIPLE.$GLIBC_MAX"
ls -l "$BIN"

step "2. the newest glibc symbol it needs (objdump -T)"
highest=$(objdump -T "$BIN" | grep -o 'GLIBC_[0-9][0-9.]*' | sort -uV | tail -n1)
[ -n "$highest" ] || fail "no GLIBC_ symbols found in $BIN"
echo "needs up to $highest (allowed: GLIBC_$GLIBC_MAX)"
version_le "${highest#GLIBC_}" "$GLIBC_MAX" || fail "$BIN needs $highest, newer than $GLIBC_MAX"
objdump -T "$BIN" | grep -o 'GLIBC_[0-9][0-9.]*' | sort -V | uniq -c | tail -n4

step "3. the man pages and completion scripts, made by the binary"
rm -rf "$OUT"
mkdir -p "$OUT/zh_CN"
# gzip -n: no name or time stamp inside, so the same page packs to the same bytes
"$BIN" --lang en man | gzip -9n >"$OUT/xuexi.1.gz"
"$BIN" --lang zh-CN man | gzip -9n >"$OUT/zh_CN/xuexi.1.gz"
# the commands' descriptions (zsh, fish) in Chinese, the members' language
"$BIN" --lang zh-CN completions bash >"$OUT/xuexi.bash"
"$BIN" --lang zh-CN completions zsh >"$OUT/_xuexi"
"$BIN" --lang zh-CN completions fish >"$OUT/xuexi.fish"
ls -l "$OUT" "$OUT/zh_CN"

step "4. the package (cargo deb, from the binary above)"
cargo deb --no-build --target "$TRIPLE" --output "$OUT/"
DEB=$(ls "$OUT"/xuexi_*.deb)
ls -l "$DEB"

step "5. its files and control fields (dpkg-deb)"
dpkg-deb -c "$DEB"
dpkg-deb -f "$DEB" Package Version Architecture Depends Section Description
for f in ./usr/bin/xuexi ./usr/share/man/man1/xuexi.1.gz ./usr/share/man/zh_CN/man1/xuexi.1.gz \
    ./usr/share/bash-completion/completions/xuexi ./usr/share/zsh/vendor-completions/_xuexi \
    ./usr/share/fish/vendor_completions.d/xuexi.fish ./usr/share/doc/xuexi/copyright; do
    dpkg-deb -c "$DEB" | awk '{print $6}' | grep -qxF "$f" || fail "$f is not in the package"
done
# Depends, from the binary: every library it loads is libc6's (on this machine), and the
# version is its newest GLIBC_ symbol (step 2)
for lib in $(objdump -p "$BIN" | awk '/NEEDED/ {print $2}'); do
    owner=$(dpkg -S "*/$lib" 2>/dev/null | grep -v -- -dev | head -n1 | cut -d: -f1)
    echo "$lib: $owner"
    [ "$owner" = libc6 ] || fail "$BIN loads $lib, from ${owner:-no package}: add it to depends"
done
depends=$(dpkg-deb -f "$DEB" Depends)
[ "$depends" = "libc6 (>= ${highest#GLIBC_})" ] ||
    fail "Depends is '$depends'; the binary needs libc6 (>= ${highest#GLIBC_})"
echo "every expected file is there; Depends: $depends"

step "6. lintian (fails on errors; warnings and notes are shown)"
lintian --fail-on error --display-info "$DEB" || fail "lintian reported errors"
echo "lintian: no errors"

step "7. the unpacked binary runs"
dpkg-deb -x "$DEB" "$SCRATCH/unpacked"
X="$SCRATCH/unpacked/usr/bin/xuexi"
# a member's first run: an empty home, no settings
export HOME="$SCRATCH/home" XUEXI_DATA_DIR="$SCRATCH/data" LANG=C.UTF-8
unset XUEXI_CONFIG XDG_CONFIG_HOME XDG_DATA_HOME
mkdir -p "$HOME"
"$X" --version
"$X" --help | head -n 5
"$X" --lang en bank list
"$X" --lang en materials list | head -n 3
"$X" --lang en search 学习 --count
[ -f "$XUEXI_DATA_DIR/xuexi.db" ] || fail "no database made in the temporary data folder"
bash --norc --noprofile -c "source '$SCRATCH/unpacked/usr/share/bash-completion/completions/xuexi' && complete -p xuexi"
if command -v man >/dev/null; then
    MANWIDTH=80 man -l "$SCRATCH/unpacked/usr/share/man/man1/xuexi.1.gz" 2>"$SCRATCH/man.err" |
        sed -n '/^EXAMPLES/,/^ *$/p' | head -n 4
    [ ! -s "$SCRATCH/man.err" ] || fail "man warned: $(cat "$SCRATCH/man.err")"
fi

step "8. dpkg installs it into a throwaway root, and removes it"
R="$SCRATCH/root"
mkdir -p "$R/var/lib/dpkg/info" "$R/var/lib/dpkg/updates"
touch "$R/var/lib/dpkg/status"
# (libc6 is the host's, not the throwaway root's: its dependency is forced)
dpkg --root="$R" --force-depends --force-script-chrootless --log=/dev/null -i "$DEB"
dpkg --root="$R" -L xuexi | grep -E 'bin/|man1|completions' || true
XUEXI_DATA_DIR="$SCRATCH/data2" "$R/usr/bin/xuexi" --lang en plan list
dpkg --root="$R" --force-depends --force-script-chrootless --log=/dev/null -r xuexi
[ ! -e "$R/usr/bin/xuexi" ] || fail "dpkg -r left /usr/bin/xuexi"
echo "installed, ran and removed in $R"

step "done: $DEB"
