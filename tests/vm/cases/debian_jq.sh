# jq 1.6 from Debian's source package, built by its own autotools build
# twice (tests/debian/jq/build-jq): the hybrid jq passes exactly the tests of
# jq's own suite (jq --run-tests tests/jq.test, as tests/jqtest runs it, and
# base64.test, utf8-truncate.jq) that the native jq passes, with the same
# output; and it runs as a filter. Built without oniguruma: onig.test is not run.
tarball=$HVM_SUITE_BUILD/tests/debian/jq/jq.tar.gz
[ -r "$tarball" ] || fail "no $tarball: build it with 'meson compile -C $HVM_SUITE_BUILD'"
need_hrt
VM_TIMEOUT=900
$HVMVM push "$tarball" /tmp/jq.tar.gz || fail "cannot copy $tarball into the guest"
vm 'rm -rf /tmp/jq && tar -xzf /tmp/jq.tar.gz -C /tmp && rm /tmp/jq.tar.gz' > /dev/null ||
	fail "cannot unpack jq.tar.gz in the guest"

# run_suites KIND: jq's suites with jq-KIND, each output in SUITE-KIND.out;
# one "SUITE KIND: status N: SUMMARY" line each.
run_suites() {
	vm "cd /tmp/jq/tests || exit 2
../jq-$1 -L modules --run-tests < jq.test > jq-$1.out 2>&1
echo \"jq.test $1: status \$?: \$(tail -n 1 jq-$1.out)\"
../jq-$1 --run-tests < base64.test > base64-$1.out 2>&1
echo \"base64.test $1: status \$?: \$(tail -n 1 base64-$1.out)\"
echo \"utf8-truncate $1: \$(../jq-$1 -nf utf8-truncate.jq 2>&1)\"" 2>&1
}
native=$(run_suites native)
vm 'dmesg -c > /dev/null' > /dev/null
hybrid=$(run_suites hybrid)
echo "$native"
echo "$hybrid"
# An HRT CPU Linux stopped meanwhile fails every later hybrid run: name it
# and restart hvm-kernel for the cases after this one.
lost=$(vm 'dmesg | grep -m 1 "hvm: HRT CPU" && hvmctl reboot > /dev/null' 2>&1) &&
	echo "hvm-kernel lost an HRT CPU during the hybrid run (restarted it): $lost"

expect_in "$native" '^jq.test native: status [0-9]+: [0-9]+ of [0-9]+ tests passed \([0-9]+ malformed\)$'
for suite in jq.test base64.test utf8-truncate; do
	want=$(sed -n "s/^$suite native: //p" <<< "$native")
	grep -qxF "$suite hybrid: $want" <<< "$hybrid" ||
		fail "$suite: the native jq gave '$want', the hybrid jq did not"
done
# Not only the counts: the same tests pass and fail, with the same messages.
out=$(vm 'cd /tmp/jq/tests && for t in jq base64; do
	cmp -s $t-native.out $t-hybrid.out && echo "same output: $t.test" ||
		{ echo "DIFFERENT output: $t.test"; diff $t-native.out $t-hybrid.out | grep -v "^[<>] Testing" | head -20; }
done
r=$(echo "{\"a\":[1,2,3]}" | HVM_STATS=1 ../jq-hybrid ".a|add" 2> stats)
echo "filter: $r (status $?), on the HRT: $(grep -c "system calls forwarded to Linux" stats)"' 2>&1)
echo "$out"
expect_in "$out" '^same output: jq.test$'
expect_in "$out" '^same output: base64.test$'
# The filter printed 6 and ran on the HRT (it forwarded its system calls).
expect_in "$out" '^filter: 6 \(status 0\), on the HRT: 1$'
