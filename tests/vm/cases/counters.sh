# The live objects hvm.ko and hvm-kernel publish (hvmctl status and
# /sys/class/misc/hvm/counters): a hybrid program blocked in a forwarded
# read holds a call slot, a merged space, a ticket and an HRT thread; once it
# ended every count is back where it was, with nothing lost.
need_hrt
vm 'hybrid-compare args_env warm-up' > /dev/null # first-use allocations happen here
before=$(leak_mark)
for label in busy_slots spaces tickets hrt_threads lost_cpus; do
	[ "$(leak_value "$before" $label)" = 0 ] || fail "$label is not 0 before the case: $before"
done
[ "$(leak_value "$before" hrt_free_pages)" -gt 0 ] || fail "hvm-kernel reports no free pages: $before"
during=$(vm 'rm -f /tmp/cnt.fifo /tmp/cnt.out; mkfifo /tmp/cnt.fifo
block_read-hybrid < /tmp/cnt.fifo > /tmp/cnt.out & pid=$!
exec 3> /tmp/cnt.fifo
for i in $(seq 100); do grep -q blocking /tmp/cnt.out && break; sleep 0.1; done
hvmctl status | sed -n "/^live objects:/,\$p"; echo "-- sysfs"; cat /sys/class/misc/hvm/counters
echo x >&3; exec 3>&-; wait $pid; echo "exit=$?"')
expect_in "$during" '^live objects:$'
expect_in "$during" '^exit=1$'
sysfs=$(sed -n '/^-- sysfs$/,/^exit=/p' <<< "$during")
for label in busy_slots spaces tickets hrt_threads; do
	value=$(leak_value "$sysfs" $label)
	[ "${value:-0}" -ge 1 ] || fail "$label should count the blocked program: $during"
	expect_in "$during" "^  $label +$value  "
done
expect_no_leaks "$before"
