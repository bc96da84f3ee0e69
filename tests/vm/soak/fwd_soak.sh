# Forwarded calls at volume: 16 threads x 62,500 forwarded pwrite()s of
# unique records (1,000,000 calls, tests/hybrid/fwd_soak.c): every record
# there exactly once and intact, the profile's pwrite64 count exact, the
# same output as the native build; then two such processes at once. Not in
# the default test command (about 12 minutes under TCG): run it with
#   tests/vm/run-suite build soak/fwd_soak
# (FWD_SOAK_RECORDS=N for fewer records per thread).
need_hrt
VM_TIMEOUT=7200
records=${FWD_SOAK_RECORDS:-62500}
calls=$((16 * records))
mark=$(leak_mark)
# One run: its output, exit status and profile row for pwrite64 (native, forwarded), tagged.
run='run() { tag=$1; shift
	HVM_PROFILE=1 fwd_soak-hybrid /tmp/soak-$tag 16 '$records' > /tmp/soak-$tag.out 2> /tmp/soak-$tag.err
	echo "$tag: exit=$?"; sed "s/^/$tag: /" /tmp/soak-$tag.out
	awk -v t="$tag" '"'"'$1 == "pwrite64" { print t ": pwrite64 native " $2 " forwarded " $4 }'"'"' /tmp/soak-$tag.err
	rm -f /tmp/soak-$tag; }'
out=$(vm "$run
fwd_soak-native /tmp/soak-native 16 $records; echo \"native: exit=\$?\"; rm -f /tmp/soak-native
run one
run two-a & run two-b & wait" 2>&1)
echo "$out" | grep -E 'exit=|records'
expect_in "$out" "^native: exit=0$"
expect_in "$out" "^records written: $calls of $calls, found intact: $calls$"
for tag in one two-a two-b; do
	expect_in "$out" "^$tag: exit=0$"
	expect_in "$out" "^$tag: records written: $calls of $calls, found intact: $calls$"
	expect_in "$out" "^$tag: pwrite64 native 0 forwarded $calls$"
done
expect_no_leaks "$mark"
