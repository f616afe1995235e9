#!/bin/sh
# The Debian package as a user gets it: cpack builds the .deb, dpkg -x unpacks it into a
# scratch root, and the programs run from there — the command line scans the packaged
# sample logs, the window (offscreen) opens them and counts its alerts. A runtime
# dependency the package does not declare, a missing resource or a wrong install path
# fails here. Usage: test_deb.sh BUILD_DIR
set -eu
build=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$build" && cpack -G DEB -B "$work/pkg" > "$work/cpack.log") || { cat "$work/cpack.log"; exit 1; }
deb=$(ls "$work"/pkg/*.deb)
depends=$(dpkg-deb --field "$deb" Depends)
echo "Depends: $depends"
# Plugins are loaded at run time, so dpkg-shlibdeps cannot see them: they must be declared.
for package in libqt6widgets6 libqt6sql6-sqlite libqt6svg6 libsimdjson libisal2; do
    case "$depends" in *"$package"*) ;; *) echo "FAIL: the package does not depend on $package"; exit 1 ;; esac
done
dpkg -x "$deb" "$work/root"
root=$work/root/usr

"$root/bin/sharescope" scan --quiet --format jsonl --output "$work/alerts.jsonl" "$root/share/sharescope/samples"
alerts=$(wc -l < "$work/alerts.jsonl")
echo "scan from the package: $alerts alerts"
[ "$alerts" -gt 0 ] || { echo "FAIL: no alerts from the packaged samples"; exit 1; }
"$root/bin/sharescope" query --engine athena | grep -q '^UNLOAD (' || { echo "FAIL: sharescope query"; exit 1; }

# The window, from the package's libexec, on the packaged samples.
shown=$(HOME="$work/home" XDG_RUNTIME_DIR="$work" QT_QPA_PLATFORM=offscreen timeout 60 \
        "$root/bin/sharescope" --smoke-test "$root/share/sharescope/samples" 2> "$work/gui.err") \
    || { echo "FAIL: the window"; cat "$work/gui.err"; exit 1; }
echo "window from the package: $shown"
[ "$shown" = "alerts: $alerts" ] || { echo "FAIL: the window shows '$shown', the scan $alerts alerts"; exit 1; }
echo "the package works"
