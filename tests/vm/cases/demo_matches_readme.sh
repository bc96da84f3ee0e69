# README's expected demo output and what the demo shows now (scripts/demo-sections
# on this VM) agree in shape: the same sections and lines, in the same order,
# once numbers (times, sizes, addresses, counts) and the domain name are
# masked. The launcher's own lines ("hvmvm: ..." from starting the VM, which
# this VM did before the cases) are left out of README's side.
root=$(cd "$(dirname "$LAYOUT_CONF")/.." && pwd)
need_hrt
# A fresh boot of the default image, as in the demo: its log shows one boot.
vm 'hvmctl halt && hvmctl boot' > /dev/null || fail "hvm-kernel did not boot again"

# README's block: the code block after "Expected output after the build".
readme_block() {
	awk '/^Expected output after the build/ { want = 1; next }
	     want && /^```/ { if (inside) exit; inside = 1; next }
	     inside' "$root/README.md"
}
shape() {
	sed -E -e "s/$HVM_DOMAIN|hvm-demo/DOMAIN/g" -e 's/0x[0-9a-fA-F]+/N/g' \
		-e 's/\b[0-9a-fA-F]*[0-9][0-9a-fA-F.]*\b/N/g' -e 's/[[:space:]]+/ /g' -e 's/ $//' |
		grep -v '^hvmvm: ' | sed -e '/./,$!d'
}
expected=$(readme_block | shape)
[ -n "$expected" ] || fail "README.md has no demo block after 'Expected output after the build'"
actual=$("$root/scripts/demo-sections" "$HVM_SUITE_BUILD" "$HVM_DOMAIN" 2>&1 | shape) ||
	fail "scripts/demo-sections failed: $actual"
if ! difference=$(diff <(printf '%s\n' "$expected") <(printf '%s\n' "$actual")); then
	printf '%s\n' "--- README (<) and the demo now (>), numbers masked:" "$difference"
	fail "README's demo block and the demo disagree: regenerate the block from a run of scripts/demo"
fi
