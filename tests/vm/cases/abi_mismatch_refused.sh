# A caller speaking another ABI revision is refused with EPROTO and a message
# naming the fix; a matching caller is served.
out=$(vm 'dmesg -c > /dev/null; hvm-abi-probe; dmesg | grep "hvm: caller speaks"')
expect_in "$out" '^revision [0-9]+: Protocol error$'
expect_in "$out" '^revision [0-9]+: ok$'
expect_in "$out" 'rebuild the tools and hvm.ko from the same tree'
