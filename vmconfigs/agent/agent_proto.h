/* SPDX-License-Identifier: MIT */
/*
 * The guest agent protocol: how the host launcher runs a command in the
 * guest over the virtio-serial port "org.hvm.agent" (a unix socket on the
 * host side, see the domain XML).
 *
 * host -> guest: struct agent_request, then .len bytes of a shell command.
 * guest -> host: struct agent_frame, then .len bytes, repeated:
 *   AGENT_STDOUT / AGENT_STDERR carry output as it is produced;
 *   AGENT_EXIT carries a 4-byte exit status (0-255, or 128 + signal) and
 *   ends the command.
 * Every frame echoes the request id, so a host client can skip output left
 * over from an earlier client that went away mid-command.
 */
#ifndef HVM_AGENT_PROTO_H
#define HVM_AGENT_PROTO_H

#include <stdint.h>

#define AGENT_MAGIC 0x41564d48u /* "HMVA" */
#define AGENT_MAX_COMMAND 65536u
#define AGENT_MAX_CHUNK 4096u
#define AGENT_PORT_NAME "org.hvm.agent"

enum agent_frame_type {
	AGENT_STDOUT = 1,
	AGENT_STDERR = 2,
	AGENT_EXIT = 3,
};

struct agent_request {
	uint32_t magic;
	uint32_t id;
	uint32_t len;
	uint32_t pad;
};

struct agent_frame {
	uint32_t magic;
	uint32_t id;
	uint32_t type;
	uint32_t len;
};

#endif /* HVM_AGENT_PROTO_H */
