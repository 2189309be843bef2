/* gs.h: the contract between the C glue and the Go exports. Plain C types
 * only: Go never sees a PyObject, and C never sees a Go value. */
#ifndef GS_H
#define GS_H

#include <stdint.h>
#include <stddef.h>
#include <sys/socket.h>

/* gs_raw is a socket address in kernel form; its layout is core.Raw. */
typedef struct {
    struct sockaddr_storage ss;
    socklen_t len;
} gs_raw;

/* gs_addr carries one socket address across the boundary, both ways.
 * In (bind, connect, sendto, getnameinfo): family plus host/port/flowinfo/
 * scope_id (AF_INET, AF_INET6; host NUL-terminated), path/pathlen (AF_UNIX),
 * pid/groups (AF_NETLINK) or cid/port (AF_VSOCK, the port as an unsigned
 * int); Go encodes it into raw.
 * Out (accept, recvfrom, getsockname...): Go decodes raw into family, text
 * (the host as inet_ntop writes it), port, flowinfo, scope_id, path/pathlen
 * (pointing into raw), pid/groups or cid/port. Families Go does not decode
 * keep just family and raw. */
typedef struct {
    int family;
    int port;
    unsigned int flowinfo;
    unsigned int scope_id;
    unsigned int pid;
    unsigned int groups;
    unsigned int cid;
    const char *host;
    int resolved; /* In: raw holds host's address already (resolve.c looked it up) */
    const char *path;
    long pathlen;
    /* The families below are filled field by field both ways, as the ones
     * above: the C glue checks the tuple (and resolves an interface name to
     * its index through gs_addr_ifindex) and Go encodes; Go decodes and the C
     * glue builds the tuple (the name back through gs_addr_ifname).
     * proto: the socket's protocol, which picks AF_CAN's form (CAN_ISOTP:
     * can_rx/can_tx; CAN_J1939: can_name/can_pgn/can_addr; else none).
     * ifindex: AF_PACKET, AF_CAN. AF_PACKET: pkt_proto (host order),
     * pkttype, hatype, hwaddr/hwlen (at most 8 bytes). AF_TIPC: addrtype
     * and v1-v3 as in Python's tuple, scope. AF_ALG: alg_type/alg_name
     * (NUL-terminated), alg_feat, alg_mask. AF_QIPCRTR: node and port. */
    int proto;
    int ifindex;
    unsigned int pkt_proto, pkttype, hatype;
    int hwlen;
    unsigned int tipc_type, tipc_v1, tipc_v2, tipc_v3;
    int tipc_scope;
    unsigned int can_rx, can_tx, can_pgn, can_addr;
    unsigned long long can_name;
    unsigned int alg_feat, alg_mask;
    unsigned int node;
    /* AF_BLUETOOTH (interpreters built with Bluetooth), by proto: L2CAP
     * bdaddr, bt_psm, bt_cid, bt_type; RFCOMM bdaddr, bt_channel; HCI
     * bt_dev, bt_channel; SCO bdaddr. Decoding needs the protocol:
     * gs_addr_bluetooth. */
    unsigned int bt_psm, bt_cid, bt_type, bt_channel, bt_dev;
    char text[64];
    gs_raw raw;
    /* Arrays left out of the zeroing (gs_parse_addr clears fields up to
     * text): set whole by the family that uses them. */
    unsigned char hwaddr[8];
    char alg_type[14];
    char alg_name[64];
    unsigned char bdaddr[6]; /* bdaddr_t: the address's bytes last first */
} gs_addr;

/* gs_ai is one getaddrinfo result. */
typedef struct {
    int family, socktype, protocol;
    const char *canonname;
    gs_addr addr;
} gs_ai;

/* gs_ifname is one if_nameindex entry: the index and the NUL-terminated
 * name (IF_NAMESIZE bytes). */
typedef struct {
    unsigned int index;
    char name[16];
} gs_ifname;

/* The status codes every export returns (generated from core's errors by
 * internal/gencontract). */
#include "status.h"

/* gs_deadline: absolute CLOCK_MONOTONIC nanoseconds, or -1 for none. */
typedef int64_t gs_deadline;

#endif
