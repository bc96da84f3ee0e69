# A hybrid program boots hvm-kernel itself when none runs: from the guest's
# default image, or from the image mv-cc embedded in it (MV_EMBED_KERNEL);
# a running hvm-kernel is used as it is; HVM_AUTOBOOT=0 refuses instead.
need_hrt
out=$(vm 'gen=$(hvmctl status | sed -n "s/.*(boot \([0-9]*\)).*/\1/p")
args_env-hybrid > /dev/null; echo "status=$?"
echo "same boot: $(hvmctl status | grep -c "(boot $gen)")"
hvmctl halt > /dev/null; args_env-hybrid a > /dev/null; echo "status=$?"
hvmctl status | grep -E "^hvm-kernel:|image:"
hvmctl halt > /dev/null; args_env-embedded a b > /dev/null; echo "status=$?"
hvmctl status | grep -E "^hvm-kernel:|image:"
hvmctl halt > /dev/null; HVM_AUTOBOOT=0 args_env-embedded; echo "status=$?"
hvmctl boot > /dev/null' 2>&1)
expect_in "$out" '^status=41$'
expect_in "$out" '^same boot: 1$'
expect_in "$out" '^status=42$'
expect_in "$out" 'image: /lib/hvm/hvm-kernel.elf'
expect_in "$out" '^status=43$'
expect_in "$out" 'image: embedded in /usr/local/bin/args_env-embedded'
expect_in "$out" "^hvm-kernel: running \(boot [0-9]+\), $HRT_VCPUS/$HRT_VCPUS cores up"
expect_in "$out" 'multiverse-rt: running main on the HRT failed|multiverse-rt: cannot run on the HRT'
expect_in "$out" '^status=127$'
