// SPDX-License-Identifier: MIT
/* hvmctl crash: the last crash record, with symbol names when possible. */
#include <string.h>
#include <unistd.h>

#include "hvmctl.h"

static const char *const reg_names[HVM_CRASH_NR_REGS] = {
	"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "r8",
	"r9",  "r10", "r11", "r12", "r13", "r14", "r15",
};

static void print_registers(const struct hvm_crash_record *r)
{
	for (int i = 0; i < HVM_CRASH_NR_REGS; i++)
		printf("  %-3s %016llx%s", reg_names[i], r->regs[i], i % 3 == 2 ? "\n" : "  ");
	printf("\n  rip %016llx  rsp %016llx  rflags %016llx\n", r->rip, r->rsp, r->rflags);
	printf("  cs  %04llx  ss %04llx  error code %#llx\n", r->cs, r->ss, r->error_code);
	printf("  cr0 %016llx  cr2 %016llx  cr3 %016llx  cr4 %016llx\n", r->cr0, r->cr2, r->cr3,
	       r->cr4);
	printf("  fs.base %016llx  gs.base %016llx\n", r->fs_base, r->gs_base);
}

static void print_backtrace(const struct hvm_crash_info *c, const char *image)
{
	printf("backtrace:\n");
	for (unsigned int i = 0; i < c->record.nr_frames && i < HVM_CRASH_MAX_FRAMES; i++) {
		unsigned long long a = c->record.backtrace[i];
		const char *sym = ksyms_lookup(image, c->image_hash, a);

		printf("  #%-2u %016llx %s\n", i, a, sym ? sym : "?");
	}
}

int cmd_crash(int argc, char **argv)
{
	struct hvm_crash_info c = {0};
	struct hvm_status st = {0};
	int err;

	(void)argc, (void)argv;
	err = hvmctl_request(HVM_IOC_GET_CRASH, &c);
	if (!err)
		err = hvmctl_request(HVM_IOC_GET_STATUS, &st);
	if (err)
		return err == HVMCTL_NO_DEVICE ? 1 : hvmctl_fail("crash", err);
	if (!c.available) {
		printf("no crash since hvm.ko was loaded\n");
		return 0;
	}
	printf("hvm-kernel crash in boot %u on HRT core %u: %s\n", c.generation, c.record.cpu,
	       c.record.reason);
	printf("  vector %llu, error code %#llx, at %s\n", c.record.vector, c.record.error_code,
	       ksyms_lookup(st.image_name, c.image_hash, c.record.rip) ?: "?");
	print_registers(&c.record);
	print_backtrace(&c, st.image_name);
	return 0;
}
