# MPI jobs with every rank hybridized: Debian's MPICH and Open MPI in the
# guest's Debian root launch tests/mpi/mpi_check (built with each one's
# mpicc) as "mpiexec -n N hvm-exec mpi_check", the launcher and its
# daemons native, and each job is compared with the same job run natively
# (tests/mpi/mpi-job runs one): with 2 and 4 ranks the same standard
# output (rank 0's verdicts and values) and exit status, every rank on the
# HRT (each reported its profile); MPI_Abort from the last rank ends the
# job with the same status as natively; a rank killed with kill -9 while
# the job runs ends the job as natively, all its ranks gone and nothing
# of them left on the HRT. Four ranks on two HRT CPUs share them.
need_hrt
VM_TIMEOUT=600
mark=$(leak_mark)
vm 'debian-root true' || fail "debian-root could not set the Debian root up"

# job IMPL HOW N WHAT: mpi-job's output.
job() { vm "debian-root mpi-job $*" 2>&1; }
# same NATIVE HYBRID WHAT: the two jobs' statuses and outputs are equal.
same() {
	[ "$(grep -E '^(status|out:)' <<< "$1")" = "$(grep -E '^(status|out:)' <<< "$2")" ] ||
		{ printf -- '--- native:\n%s\n--- hybrid:\n%s\n' "$1" "$2"; fail "$3: hybrid ranks did otherwise than native ones"; }
}

for impl in mpich openmpi; do
	for n in 2 4; do
		native=$(job $impl native $n check)
		hybrid=$(job $impl hybrid $n check)
		expect_in "$native" '^status 0$'
		expect_in "$native" '^out: mpi_check: all checks passed$'
		expect_in "$native" "^out: mpi_check: $n ranks\$"
		same "$native" "$hybrid" "$impl, $n ranks"
		expect_in "$hybrid" "^profiles $n\$"
	done

	native=$(job $impl native 2 abort)
	hybrid=$(job $impl hybrid 2 abort)
	expect_in "$native" '^status 7$'
	expect_in "$native" '^out: abort: rank 1 calls MPI_Abort with 7$'
	same "$native" "$hybrid" "$impl, MPI_Abort"

	native=$(job $impl native 4 kill)
	hybrid=$(job $impl hybrid 4 kill)
	for out in "$native" "$hybrid"; do
		expect_in "$out" '^status [1-9][0-9]*$'
		expect_in "$out" '^ranks left 0$'
	done
	expect_in "$hybrid" '^spaces 4$'
	same "$native" "$hybrid" "$impl, a rank killed with kill -9"
done
expect_no_leaks "$mark"
echo "hybrid_mpi: MPICH and Open MPI jobs of 2 and 4 hybrid ranks ran, aborted and died as natively"
