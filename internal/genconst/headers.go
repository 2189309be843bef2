package main

import (
	"fmt"
	"strings"
)

// headers lists the system headers socketmodule.c draws its constants
// from, in include order. Each is included only when the compiler finds it
// (__has_include), mirroring CPython's HAVE_*_H guards: constants of an
// absent header are simply not exported.
var headers = []string{
	"sys/types.h",
	"sys/socket.h",
	"sys/un.h",
	"sys/ioctl.h",
	"netinet/in.h",
	"netinet/tcp.h",
	"netinet/ip.h",
	"netinet/udp.h",
	"arpa/inet.h",
	"netdb.h",
	"net/if.h",
	"net/ethernet.h",
	"netpacket/packet.h",
	"linux/if_ether.h",
	"linux/netlink.h",
	"linux/netfilter_ipv4.h",
	"linux/qrtr.h",
	"linux/vm_sockets.h",
	"linux/tipc.h",
	"linux/can.h",
	"linux/can/raw.h",
	"linux/can/bcm.h",
	"linux/can/isotp.h",
	"linux/can/j1939.h",
	"linux/if_alg.h",
	"linux/rds.h",
	"bluetooth/bluetooth.h",
	"bluetooth/rfcomm.h",
	"bluetooth/l2cap.h",
	"bluetooth/sco.h",
	"bluetooth/hci.h",
}

// prelude returns the C text that includes every available header, with
// _GNU_SOURCE defined as CPython's pyconfig.h does.
func prelude() string {
	var b strings.Builder
	b.WriteString("#define _GNU_SOURCE 1\n")
	for _, h := range headers {
		fmt.Fprintf(&b, "#if __has_include(<%s>)\n#include <%s>\n#endif\n", h, h)
	}
	return b.String()
}

// aliasPrefixes maps a Python name prefix to the prefix of the C name it
// is spelled with: socketmodule.c exports the BCM opcodes and flags
// TX_SETUP, SETTIMER, ... as CAN_BCM_TX_SETUP, CAN_BCM_SETTIMER, ...
var aliasPrefixes = []struct{ py, c string }{
	{"CAN_BCM_", ""},
}

// cName returns the C identifier holding the value of Python constant name.
func cName(name string) string {
	for _, a := range aliasPrefixes {
		if rest, ok := strings.CutPrefix(name, a.py); ok {
			return a.c + rest
		}
	}
	return name
}
