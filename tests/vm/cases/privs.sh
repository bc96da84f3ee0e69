# A /dev/hvm descriptor is only as strong as the process making the call:
# kept across setuid(65534) or passed over a Unix socket to nobody, BOOT
# and MERGE are refused with EPERM and a message naming the ioctl and the
# fix, while root's same calls are served and a process that merged and
# then dropped privilege goes on calling. A set-user-ID hybrid program
# ignores HVM_PROFILE_SVG (AT_SECURE). A descriptor that merged answers
# MERGE only in the process that merged: its fork child gets EBUSY, before
# and after the merger exited. 'hvmctl status' works afterwards.
need_hrt
out=$(vm 'dmesg -c > /dev/null; hvm-privs-test; echo rc=$?
dmesg | grep "hvm: HVM_IOC_"
d=/var/lib/hvm-privs; mkdir -p $d; chmod 755 $d
cp $(command -v syscall_counts-hybrid) $d/suid-counts; chmod 4755 $d/suid-counts
su nobody -s /bin/sh -c "HVM_PROFILE_SVG=/tmp/privs.svg $d/suid-counts 1 1 1 1" 2>&1 | sed "s/^/suid: /"
test -e /tmp/privs.svg && echo "suid: the SVG was written"; rm -rf $d
hvmctl status | grep "^hvm-kernel:"' 2>&1)
expect_in "$out" '^root: BOOT ok$'
expect_in "$out" '^root: MERGE ok$'
for who in setuid passed; do
	expect_in "$out" "^$who: BOOT Operation not permitted\$"
	expect_in "$out" "^$who: MERGE Operation not permitted\$"
done
expect_in "$out" '^setuid: GET_STATUS ok$'
expect_in "$out" '^merged: CALL ok, uid 65534 on the HRT$'
expect_in "$out" '^merger: MERGE ok$'
expect_in "$out" '^merger: MERGE again ok$'
expect_in "$out" '^forked: MERGE Resource busy$'
expect_in "$out" '^orphaned: MERGE Resource busy$'
expect_in "$out" "hvm: HVM_IOC_MERGE refused: pid [0-9]+'s /dev/hvm descriptor already merged space [0-9]+ of another process \(which still runs;.*open /dev/hvm again"
expect_in "$out" "hvm: HVM_IOC_MERGE refused: pid [0-9]+'s /dev/hvm descriptor already merged space [0-9]+ of another process \(which has exited;"
expect_in "$out" '^rc=0$'
expect_in "$out" 'hvm: HVM_IOC_BOOT refused: pid [0-9]+ lacks CAP_SYS_ADMIN.*make this call as root'
expect_in "$out" 'hvm: HVM_IOC_MERGE refused: pid [0-9]+ lacks CAP_SYS_ADMIN'
expect_in "$out" '^suid: multiverse-rt: HVM_PROFILE_SVG ignored: this program runs set-user-ID or set-group-ID$'
if grep -q '^suid: the SVG was written' <<< "$out"; then fail "a set-user-ID program wrote HVM_PROFILE_SVG"; fi
expect_in "$out" '^hvm-kernel: .*running'
