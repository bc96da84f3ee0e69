# scripts/hvm from the host, on programs built on the host (tests/tool):
# hvm run gives the program's stdout, stderr and exit status exactly as the
# same binary gives them run on the host, hybridized and with --native, for
# an mv-cc build and a glibc build (through hvm-exec), a non-zero status
# and a crash included; files it makes land in the host's directory; the
# profile plot arrives as SVG with one row per row of the profile table;
# --kernel debug runs on the debug image, the next run on the default one;
# bad input gets one clear message each.
root=$(cd "$(dirname "$LAYOUT_CONF")/.." && pwd)
build=$HVM_SUITE_BUILD
in_shared_dir hvm-tool
trap 'rm -rf "$work" "$build/vm/hvm-tool-nostart"' EXIT
need_hrt

# same NAME PROG ARGS...: PROG ARGS run on the host (HVM_HYBRID=0: an mv-cc
# build natively) and with hvm run, then hvm run --native: stdout, stderr
# and status must be the host's; of stderr, the runtime's own lines
# ("multiverse-rt: ...", the report of a crash on the HRT) aside.
same() {
	local name=$1 how
	shift
	(exec env RUN_CHECK_VALUE='a b' HVM_HYBRID=0 "$@" > "$name.host.out" 2> "$name.host.err") 2> /dev/null
	echo $? > "$name.host.rc"
	for how in hybrid native; do
		if [ $how = hybrid ]; then
			hvm run RUN_CHECK_VALUE='a b' "$@" > "$name.$how.out" 2> "$name.$how.err"
		else
			hvm run --native RUN_CHECK_VALUE='a b' "$@" > "$name.$how.out" 2> "$name.$how.err"
		fi
		echo $? > "$name.$how.rc"
		grep -v '^multiverse-rt: ' "$name.$how.err" > "$name.$how.err.own" || true
		mv "$name.$how.err.own" "$name.$how.err"
		for s in out err rc; do
			cmp -s "$name.host.$s" "$name.$how.$s" || {
				diff "$name.host.$s" "$name.$how.$s" | head -20
				fail "$name: hvm run ${how/hybrid/} gave another $s than the host's run of $*"
			}
		done
	done
	cat "$name.host.rc"
}

rc=$(same exit "$tool/run_check-hybrid" exit 3 "two words" "it's")
[ "$rc" = 3 ] || fail "run_check exit 3 ended with $rc"
grep -qx "cwd $work" exit.hybrid.out || fail "hvm run did not run in the host's current directory: $(grep cwd exit.hybrid.out)"
grep -qx 'RUN_CHECK_VALUE a b' exit.hybrid.out || fail "hvm run VAR=VALUE did not reach the program"

printf 'made on the host\n' > in.txt
rc=$(same copy "$tool/run_check-glibc" copy in.txt out.txt)
[ "$rc" = 0 ] && [ "$(cat out.txt)" = "MADE ON THE HOST" ] ||
	fail "the glibc build through hvm-exec did not write out.txt in the host's directory (status $rc)"

for prog in run_check-hybrid run_check-glibc; do
	rc=$(same "crash-$prog" "$tool/$prog" crash)
	[ "$rc" = 139 ] || fail "$prog crash ended with status $rc, expected 139 (SIGSEGV)"
done
hvm run "$tool/run_check-hybrid" crash > /dev/null 2> crash.err || true
grep -q '^multiverse-rt: page fault on HRT CPU [0-9]* at rip 0x' crash.err ||
	fail "the crash on the HRT came without its report: $(cat crash.err)"

# The profile plot: valid SVG on the host, one row per row of the table.
hvm run --profile=calls.svg "$tool/run_check-hybrid" calls 20 > /dev/null 2> profile.err ||
	fail "hvm run --profile failed: $(tail -5 profile.err)"
[ -s calls.svg ] || fail "no profile plot calls.svg on the host: $(tail -5 profile.err)"
python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' calls.svg ||
	fail "calls.svg is no well-formed XML"
table=$(sed -n '/^  system call/,/^[^ ]/p' profile.err | awk 'NR > 1 && /^  [a-z#0-9_]/ { print $1 }' | sort)
bars=$(sed -n 's|.*text-anchor="end">\([^<]*\)</text>.*|\1|p' calls.svg | sort)
[ -n "$table" ] && [ "$table" = "$bars" ] ||
	fail "the plot's rows ($(echo $bars)) are not the table's ($(echo $table))"
grep -q '^  getppid ' profile.err && grep -q '^  write ' profile.err ||
	fail "the profile lacks getppid or write: $(cat profile.err)"

# Kernel images by tag: the debug image runs the program and logs its
# forwarded calls; the next plain run is on the default image again.
images=$(hvm images)
revision=$(sed -n 's/^#define HVM_ABI_REVISION \([0-9]*\)u$/\1/p' "$root/hypercall/include/hvm/abi.h")
expect_in "$images" "^default +revision $revision +[0-9]+ +$build/hvm-kernel/hvm-kernel.elf$"
expect_in "$images" "^debug +revision $revision +[0-9]+ +$build/hvm-kernel/hvm-kernel-debug.elf$"
rc=0
hvm run --kernel debug "$tool/run_check-hybrid" exit 5 > debug.out 2> debug.err || rc=$?
[ "$rc" = 5 ] || fail "hvm run --kernel debug: status $rc: $(cat debug.err)"
grep -q "booting hvm-kernel 'debug'" debug.err || fail "hvm run --kernel debug did not say it boots the debug image: $(cat debug.err)"
expect_in "$(vm 'hvmctl status')" 'image: /lib/hvm/hvm-kernel-debug.elf \(tag debug, '
expect_in "$(vm 'hvmctl log')" 'slot [0-9]+ forwards system call'
hvm run "$tool/run_check-hybrid" exit 0 > /dev/null 2>&1 || fail "the run after the debug image failed"
expect_in "$(vm 'hvmctl status')" 'image: /lib/hvm/hvm-kernel.elf \(tag default, '
expect_in "$(hvm status)" '^shared with the guest: '"$build"'$'

# Tracing: the calls run_check makes, in order, with their results and who
# served them; its output is what it is untraced.
hvm run "$tool/run_check-hybrid" calls 2 > plain.out 2> plain.err || fail "run_check calls 2 failed: $(cat plain.err)"
hvm run --trace=calls.trace "$tool/run_check-hybrid" calls 2 > traced.out 2> traced.err ||
	fail "hvm run --trace failed: $(tail -5 traced.err)"
cmp -s plain.out traced.out && cmp -s plain.err traced.err || fail "--trace changed the program's output"
calls=$(sed -n 's/^\[pid [0-9]*\] \(getppid() = [0-9]* <hrt\|write(2, "\.", 1) = 1 <linux\).*/\1/p' calls.trace | tr '\n' '|')
[[ $calls =~ ^(getppid\(\)\ =\ [0-9]+\ \<hrt\|write\(2,\ \"\.\",\ 1\)\ =\ 1\ \<linux\|){2}$ ]] ||
	fail "the trace does not list getppid (served by hvm-kernel) and write (by Linux) twice in turn: $calls; trace: $(head -40 calls.trace)"
grep -qE '^\[pid [0-9]+\] exit_group\(0\) = \?$' calls.trace || fail "the trace lacks exit_group(0) = ?: $(tail -5 calls.trace)"
grep -qE '^\[pid [0-9]+\] write\(1, "out line 1\\n", 11\) = 11 <linux [0-9]+\.[0-9]{6}>$' calls.trace ||
	grep -qE '^\[pid [0-9]+\] writev\(1, 0x[0-9a-f]+, [0-9]+\) = 11 <linux' calls.trace ||
	fail "the trace lacks the first line written to stdout: $(head -20 calls.trace)"
# A glibc program through hvm-exec, and an error result.
rc=0
hvm run --trace=copy.trace "$tool/run_check-glibc" copy no-such-file out2.txt > /dev/null 2> copy.err || rc=$?
[ $rc = 2 ] || fail "run_check-glibc copy of a missing file ended with $rc: $(cat copy.err)"
grep -qE '^\[pid [0-9]+\] openat\(-100, "no-such-file", 0x0, 0x[0-9a-f]+\) = -1 ENOENT <linux [0-9.]+>$' copy.trace ||
	fail "the trace lacks the failed openat of no-such-file: $(grep -i open copy.trace | tail -5)"
# --trace alone writes to the program's stderr.
hvm run --trace "$tool/run_check-hybrid" exit 0 > /dev/null 2> stderr.trace
grep -qE '^\[pid [0-9]+\] exit_group\(0\) = \?$' stderr.trace || fail "hvm run --trace wrote no trace to stderr: $(tail -5 stderr.trace)"

# --cpus reaches the runtime (a CPU the HRT lacks is refused by it).
out=$(hvm run --cpus 9 "$tool/run_check-hybrid" exit 0 2>&1) && fail "--cpus 9 was accepted: $out"
expect_in "$out" "HVM_CPUS='9' is no list of HRT CPUs"

# Bad input: one message each, naming the object.
refused() { # PATTERN COMMAND...
	local pattern=$1 out
	shift
	out=$("$@" 2>&1) && fail "'$*' succeeded: $out"
	expect_in "$out" "$pattern"
}
refused 'hvm: ./no-such-program: no such file' hvm run ./no-such-program
printf 'not a program\n' > notes.txt
chmod +x notes.txt
refused 'notes.txt is not a program: hvm run takes an x86-64 ELF executable' hvm run ./notes.txt
refused "no hvm-kernel image tagged 'fast'.*the build has: default debug" hvm run --kernel fast "$tool/run_check-hybrid"
refused 'is not shared with the VM \(it shares' bash -c "cd / && '$root/scripts/hvm' -b '$build' -n '$HVM_DOMAIN' run '$tool/run_check-hybrid'"
refused "neither tcg nor kvm.*|the VM could not be started" \
	"$root/scripts/hvm" -b "$build" -n hvm-tool-nostart --accel hax run "$tool/run_check-hybrid"
virsh -q -c qemu:///system dominfo hvm-tool-nostart > /dev/null 2>&1 && fail "a domain hvm-tool-nostart was left behind"
refused "unknown command 'fly'" hvm fly
true
