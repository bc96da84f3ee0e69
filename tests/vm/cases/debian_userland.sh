# A Debian userland in the guest (vmconfigs/guest/debian-root): stock Debian
# programs of the host's /usr, shared read-only over 9p under an overlay in
# guest memory, run chrooted in /debian: python3 (threads, json, a file in
# /tmp), bzip2 and xz round trips, a dash pipeline, glibc programs built on
# the host (gcc -static, gcc -fopenmp), hvm's tools and /dev/hvm. Writes to
# the root's /usr stay in the guest; the busybox guest still works outside;
# a missing share is named, with the fix.
# The share, as the running VM's domain XML (vmconfigs/domain.xml.in) has
# it: the host's directory (DEBIAN_USR) and the tag the guest mounts, of
# the read-only filesystem (the other one is the build directory, shared
# read-write for scripts/hvm).
xml=$HVM_SUITE_BUILD/vm/$HVM_DOMAIN/domain.xml
share_field() {
	tr -d '\n' < "$xml" | sed 's|</filesystem>|&\n|g' | grep '<readonly/>' |
		sed -n "s|.*<$1 dir='\([^']*\)'/>.*|\1|p"
}
DEBIAN_USR=$(share_field source) share=$(share_field target)
[ -d "$DEBIAN_USR" ] && [ -n "$share" ] || fail "no Debian /usr share in $xml"

# QEMU refuses writes to the share whatever the guest mounts: checked while
# the share is still free (no debian-root yet: a second mount is refused).
if ! vm "grep -q ' /run/debian-root/lower ' /proc/mounts"; then
	out=$(vm "mkdir -p /mnt/usr-probe && mount -t 9p -o rw,trans=virtio,version=9p2000.L $share /mnt/usr-probe &&
		{ touch /mnt/usr-probe/hvm-probe-$$ 2>&1; umount /mnt/usr-probe; }" 2>&1) || true
	expect_in "$out" 'hvm-probe.*Read-only file system'
	[ ! -e "$DEBIAN_USR/hvm-probe-$$" ] || fail "a guest mounting the share read-write made $DEBIAN_USR/hvm-probe-$$ on the host"
fi

# Set up once; a second call finds it set up and mounts nothing more.
vm 'debian-root true' || fail "debian-root could not set the root up"
out=$(vm 'n=$(wc -l < /proc/mounts); debian-root true; echo "mounts $n $(wc -l < /proc/mounts)"')
expect_in "$out" '^mounts ([0-9]+) \1$'

# python3: threads, json, a file in /tmp (the guest's /tmp, seen outside).
out=$(vm "cat > /tmp/dr-threads.py << 'EOF'
import json, sys, threading
sums = {}
def work(i):
    sums[str(i)] = sum(range(i * 100000))
threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
with open('/tmp/dr-sums.json', 'w') as f:
    json.dump(sums, f)
with open('/tmp/dr-sums.json') as f:
    back = json.load(f)
print('python3', sys.version.split()[0], 'threads', len(back), 'total', sum(back.values()))
EOF
debian-root python3 /tmp/dr-threads.py && grep -c '\"7\": ' /tmp/dr-sums.json" 2>&1) ||
	{ echo "$out"; fail "python3 failed in the Debian root"; }
total=0
for i in $(seq 0 7); do total=$((total + i * 100000 * (i * 100000 - 1) / 2)); done
expect_in "$out" "^python3 3\.[0-9.]+ threads 8 total $total\$"
expect_in "$out" '^1$'

# bzip2 and xz of Debian round trip a file; busybox's bunzip2 and unxz,
# outside, read what they made.
out=$(vm 'cd /tmp && { seq 1 100000; head -c 300000 /dev/urandom; } > dr-data && sha256sum dr-data &&
	debian-root sh -c "bzip2 -k9 dr-data && xz -k -T2 dr-data && head -c4 dr-data.bz2 && echo &&
		bzip2 -dc dr-data.bz2 | sha256sum && xz -dc dr-data.xz | sha256sum" &&
	bunzip2 -c dr-data.bz2 | sha256sum && unxz -c dr-data.xz | sha256sum; rm -f dr-data*' 2>&1)
sum=$(head -1 <<< "$out" | cut -d' ' -f1)
[ ${#sum} -eq 64 ] || { echo "$out"; fail "no checksum of the data"; }
expect_in "$out" '^BZh9$'
[ "$(grep -c "^$sum " <<< "$out")" -eq 5 ] || { echo "$out"; fail "a bzip2 or xz round trip changed the data"; }

# A pipeline in Debian's sh (dash), and exit statuses passed through.
out=$(vm 'debian-root sh -c '\''seq 1 1000 | awk "{ s += \$1 } END { print s }" | tr 0 o; readlink /proc/$$/exe'\''
	debian-root sh -c "exit 7"; echo "status $?"; debian-root no-such-command 2>&1; echo "status $?"')
expect_in "$out" '^5oo5oo$'
expect_in "$out" '^/usr/bin/dash$'
expect_in "$out" '^status 7$'
expect_in "$out" 'no-such-command: not found'
expect_in "$out" '^status 127$'

# Programs built on the host with Debian's gcc: static glibc, and OpenMP
# with Debian's libgomp (more threads than the guest's CPUs), which only
# the root can run.
out=$(vm 'cd /tmp && debian-root glibc-static dr-static.bin && rm dr-static.bin &&
	OMP_NUM_THREADS=4 debian-root omp_sum-native && OMP_NUM_THREADS=1 debian-root omp_sum-native' 2>&1) ||
	{ echo "$out"; fail "a glibc program built on the host failed in the Debian root"; }
expect_in "$out" "^glibc-static: glibc $(getconf GNU_LIBC_VERSION | cut -d' ' -f2), 65536 bytes"
expect_in "$out" '^threads: 4$'
expect_in "$out" '^threads: 1$'
expect_in "$out" '^barrier: 4 of 4$'
[ "$(grep -c '^reduction: 999000000$' <<< "$out")" -eq 2 ] || { echo "$out"; fail "an OpenMP reduction is wrong"; }
! vm 'omp_sum-native' > /dev/null 2>&1 || fail "omp_sum-native ran outside the Debian root: the busybox image has no glibc"

# hvm inside: hvmctl, /dev/hvm and a hybrid program (mv-cc, from the
# guest's /usr/local/bin).
need_hrt
out=$(vm 'debian-root sh -c "hvmctl status | head -1; test -c /dev/hvm && echo dev-hvm; cd /tmp && hybrid-compare file_io"')
expect_in "$out" '^hvm: device /dev/hvm'
expect_in "$out" '^dev-hvm$'
expect_in "$out" '^same: file_io \(exit 0\)$'

# Writes to the root's /usr succeed in the guest and never reach the host:
# a new file, and a change to one that exists (lib/os-release).
probe=hvm-debian-userland-$(date +%s%N)-$$
before=$(sha256sum "$DEBIAN_USR/lib/os-release" | cut -d' ' -f1)
out=$(vm "debian-root sh -c 'echo written > /usr/share/$probe && cat /usr/share/$probe &&
	echo HVM_PROBE=$probe >> /usr/lib/os-release && grep -c HVM_PROBE=$probe /etc/os-release'")
expect_in "$out" '^written$'
expect_in "$out" '^1$'
[ ! -e "$DEBIAN_USR/share/$probe" ] || fail "$DEBIAN_USR/share/$probe, written in the guest, is on the host"
[ "$(sha256sum "$DEBIAN_USR/lib/os-release" | cut -d' ' -f1)" = "$before" ] ||
	fail "$DEBIAN_USR/lib/os-release changed on the host"

# The busybox guest, outside the root, is as it was.
out=$(vm 'readlink /bin/sh; sh -c "echo \$((6 * 7))"; test -e /usr/share/'"$probe"' || echo "no probe outside"')
expect_in "$out" '^busybox$'
expect_in "$out" '^42$'
expect_in "$out" '^no probe outside$'

# A share the VM does not have: its tag named, and the fix.
out=$(vm 'DEBIAN_ROOT_TAG=hvm-no-such-share debian-root true; echo "status $?"' 2>&1)
expect_in "$out" "no 9p share tagged 'hvm-no-such-share'.*relaunch the VM with this build's domain"
expect_in "$out" '^status 125$'
vm 'rm -f /tmp/dr-threads.py /tmp/dr-sums.json' || true
echo "debian_userland: python3, bzip2, xz, dash, glibc static and OpenMP programs ran in the Debian root; writes stayed in the guest"
