# xz-utils from Debian's source package, built by its own configure and make
# natively and hybrid (tests/debian/xz/build-xz): its own test suite (the C
# test programs, test_files.sh, test_compress.sh through its five wrappers,
# test_scripts.sh) gives every hybrid test the verdict of its native run,
# and xz -T4 (four threads on two HRT CPUs) compresses and decompresses
# exactly as natively (tests/debian/xz/xz-threads).
tarball=$HVM_SUITE_BUILD/tests/debian/xz/xz-utils.tar.gz
[ -r "$tarball" ] || fail "no $tarball: build it with 'meson compile -C $HVM_SUITE_BUILD'"
need_hrt
$HVMVM push "$tarball" /tmp/xz-utils.tar.gz || fail "could not push $tarball into the guest"
vm 'cd /tmp && rm -rf xz-utils && tar -xzf xz-utils.tar.gz && rm xz-utils.tar.gz' ||
	fail "could not unpack xz-utils.tar.gz in the guest"
VM_TIMEOUT=900

native=$(vm 'cd /tmp/xz-utils && sh ./xz-suite native' 2>&1) || true
hybrid=$(vm 'cd /tmp/xz-utils && sh ./xz-suite hybrid' 2>&1) || true
echo "$hybrid"
tests=$(sed -n 's/^xz-suite native \([^:]*\): .*/\1/p' <<< "$native")
# The C test programs less create_compress_files, and seven scripts.
expected=$(($(vm 'wc -l < /tmp/xz-utils/programs') - 1 + 7))
[ "$(wc -w <<< "$tests")" -eq "$expected" ] ||
	{ echo "$native"; fail "the native run reported $(wc -w <<< "$tests") tests, expected $expected"; }
! grep -q ': FAIL' <<< "$native" ||
	{ echo "$native"; fail "xz-utils' own tests fail natively too: the build or the guest, not hvm"; }
for t in $tests; do
	verdict=$(sed -n "s/^xz-suite native $t: //p" <<< "$native")
	grep -qx "xz-suite hybrid $t: $verdict" <<< "$hybrid" ||
		fail "$t: native $verdict, hybrid $(sed -n "s/^xz-suite hybrid $t: //p" <<< "$hybrid"); hvm.ko said: $(hvm_said)"
done

threads=$(vm 'cd /tmp/xz-utils && sh ./xz-threads' 2>&1) || true
echo "$threads"
grep -q '^xz-threads: ok$' <<< "$threads" ||
	fail "xz -T4 round trips failed; hvm.ko said: $(hvm_said)"
vm 'rm -rf /tmp/xz-utils /tmp/xz-threads' > /dev/null || true
echo "debian_xz: $(wc -w <<< "$tests") upstream tests with the same verdict native and hybrid, xz -T4 round trips identical"
