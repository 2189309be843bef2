# Type stubs for gosocket (PEP 561: the stub-only package gosocket-stubs,
# found by type checkers whatever gosocket's own layout).
#
# gosocket has the standard library socket module's API, so these stubs
# re-export the standard library's names (typeshed's socket, version by
# version: the block below, written by tools/genstubs.py) and type what
# gosocket has beyond it: the socket class's batch methods sendmmsg and
# recvmmsg, install(), __version__ and the _socket layer. The functions
# that return sockets are typed here to return gosocket's socket class.
# `import gosocket as socket` then type-checks as `import socket` does.
import sys
import socket as _std
from collections.abc import Iterable
from typing import Any, Union
from typing_extensions import TypeAlias

from _typeshed import ReadableBuffer

from . import _socket as _socket

# BEGIN names of the standard library (tools/genstubs.py)
from socket import (
    AddressFamily as AddressFamily,
    AddressInfo as AddressInfo,
    EAGAIN as EAGAIN,
    EAI_AGAIN as EAI_AGAIN,
    EAI_BADFLAGS as EAI_BADFLAGS,
    EAI_FAIL as EAI_FAIL,
    EAI_FAMILY as EAI_FAMILY,
    EAI_MEMORY as EAI_MEMORY,
    EAI_NODATA as EAI_NODATA,
    EAI_NONAME as EAI_NONAME,
    EAI_SERVICE as EAI_SERVICE,
    EAI_SOCKTYPE as EAI_SOCKTYPE,
    EBADF as EBADF,
    EWOULDBLOCK as EWOULDBLOCK,
    INADDR_ALLHOSTS_GROUP as INADDR_ALLHOSTS_GROUP,
    INADDR_ANY as INADDR_ANY,
    INADDR_BROADCAST as INADDR_BROADCAST,
    INADDR_LOOPBACK as INADDR_LOOPBACK,
    INADDR_MAX_LOCAL_GROUP as INADDR_MAX_LOCAL_GROUP,
    INADDR_NONE as INADDR_NONE,
    INADDR_UNSPEC_GROUP as INADDR_UNSPEC_GROUP,
    IPPORT_RESERVED as IPPORT_RESERVED,
    IPPORT_USERRESERVED as IPPORT_USERRESERVED,
    IPPROTO_ICMP as IPPROTO_ICMP,
    IPPROTO_IP as IPPROTO_IP,
    IPPROTO_RAW as IPPROTO_RAW,
    IPPROTO_TCP as IPPROTO_TCP,
    IPPROTO_UDP as IPPROTO_UDP,
    IPV6_CHECKSUM as IPV6_CHECKSUM,
    IPV6_JOIN_GROUP as IPV6_JOIN_GROUP,
    IPV6_LEAVE_GROUP as IPV6_LEAVE_GROUP,
    IPV6_MULTICAST_HOPS as IPV6_MULTICAST_HOPS,
    IPV6_MULTICAST_IF as IPV6_MULTICAST_IF,
    IPV6_MULTICAST_LOOP as IPV6_MULTICAST_LOOP,
    IPV6_RECVTCLASS as IPV6_RECVTCLASS,
    IPV6_TCLASS as IPV6_TCLASS,
    IPV6_UNICAST_HOPS as IPV6_UNICAST_HOPS,
    IPV6_V6ONLY as IPV6_V6ONLY,
    IP_ADD_MEMBERSHIP as IP_ADD_MEMBERSHIP,
    IP_DROP_MEMBERSHIP as IP_DROP_MEMBERSHIP,
    IP_HDRINCL as IP_HDRINCL,
    IP_MULTICAST_IF as IP_MULTICAST_IF,
    IP_MULTICAST_LOOP as IP_MULTICAST_LOOP,
    IP_MULTICAST_TTL as IP_MULTICAST_TTL,
    IP_OPTIONS as IP_OPTIONS,
    IP_TOS as IP_TOS,
    IP_TTL as IP_TTL,
    MsgFlag as MsgFlag,
    NI_DGRAM as NI_DGRAM,
    NI_MAXHOST as NI_MAXHOST,
    NI_MAXSERV as NI_MAXSERV,
    NI_NAMEREQD as NI_NAMEREQD,
    NI_NOFQDN as NI_NOFQDN,
    NI_NUMERICHOST as NI_NUMERICHOST,
    NI_NUMERICSERV as NI_NUMERICSERV,
    SHUT_RD as SHUT_RD,
    SHUT_RDWR as SHUT_RDWR,
    SHUT_WR as SHUT_WR,
    SOL_IP as SOL_IP,
    SOL_SOCKET as SOL_SOCKET,
    SOL_TCP as SOL_TCP,
    SOL_UDP as SOL_UDP,
    SOMAXCONN as SOMAXCONN,
    SO_ACCEPTCONN as SO_ACCEPTCONN,
    SO_BROADCAST as SO_BROADCAST,
    SO_DEBUG as SO_DEBUG,
    SO_DONTROUTE as SO_DONTROUTE,
    SO_ERROR as SO_ERROR,
    SO_KEEPALIVE as SO_KEEPALIVE,
    SO_LINGER as SO_LINGER,
    SO_OOBINLINE as SO_OOBINLINE,
    SO_RCVBUF as SO_RCVBUF,
    SO_RCVLOWAT as SO_RCVLOWAT,
    SO_RCVTIMEO as SO_RCVTIMEO,
    SO_REUSEADDR as SO_REUSEADDR,
    SO_SNDBUF as SO_SNDBUF,
    SO_SNDLOWAT as SO_SNDLOWAT,
    SO_SNDTIMEO as SO_SNDTIMEO,
    SO_TYPE as SO_TYPE,
    SocketIO as SocketIO,
    SocketKind as SocketKind,
    SocketType as SocketType,
    TCP_FASTOPEN as TCP_FASTOPEN,
    TCP_KEEPCNT as TCP_KEEPCNT,
    TCP_KEEPINTVL as TCP_KEEPINTVL,
    TCP_MAXSEG as TCP_MAXSEG,
    TCP_NODELAY as TCP_NODELAY,
    close as close,
    dup as dup,
    error as error,
    gaierror as gaierror,
    getaddrinfo as getaddrinfo,
    getdefaulttimeout as getdefaulttimeout,
    getfqdn as getfqdn,
    gethostbyaddr as gethostbyaddr,
    gethostbyname as gethostbyname,
    gethostbyname_ex as gethostbyname_ex,
    gethostname as gethostname,
    getnameinfo as getnameinfo,
    getprotobyname as getprotobyname,
    getservbyname as getservbyname,
    getservbyport as getservbyport,
    has_ipv6 as has_ipv6,
    herror as herror,
    htonl as htonl,
    htons as htons,
    inet_aton as inet_aton,
    inet_ntoa as inet_ntoa,
    inet_ntop as inet_ntop,
    inet_pton as inet_pton,
    ntohl as ntohl,
    ntohs as ntohs,
    setdefaulttimeout as setdefaulttimeout,
    timeout as timeout,
)
AF_APPLETALK: int
AF_DECnet: int
AF_INET: int
AF_INET6: int
AF_IPX: int
AF_SNA: int
AF_UNSPEC: int
AI_ADDRCONFIG: int
AI_ALL: int
AI_CANONNAME: int
AI_NUMERICHOST: int
AI_NUMERICSERV: int
AI_PASSIVE: int
AI_V4MAPPED: int
MSG_CTRUNC: int
MSG_DONTROUTE: int
MSG_OOB: int
MSG_PEEK: int
MSG_TRUNC: int
MSG_WAITALL: int
SOCK_DGRAM: int
SOCK_RAW: int
SOCK_RDM: int
SOCK_SEQPACKET: int
SOCK_STREAM: int
if sys.platform != "darwin" or sys.version_info >= (3, 9):
    from socket import (
        IPV6_DONTFRAG as IPV6_DONTFRAG,
        IPV6_HOPLIMIT as IPV6_HOPLIMIT,
        IPV6_HOPOPTS as IPV6_HOPOPTS,
        IPV6_PKTINFO as IPV6_PKTINFO,
        IPV6_RECVRTHDR as IPV6_RECVRTHDR,
        IPV6_RTHDR as IPV6_RTHDR,
    )
if sys.version_info >= (3, 10):
    from socket import (
        IP_RECVTOS as IP_RECVTOS,
    )
else:
    from socket import (
        IP_RECVTOS as IP_RECVTOS,
    )
from socket import (
    TCP_KEEPIDLE as TCP_KEEPIDLE,
)
if sys.platform != "win32" or sys.version_info >= (3, 8):
    from socket import (
        IPPROTO_AH as IPPROTO_AH,
        IPPROTO_DSTOPTS as IPPROTO_DSTOPTS,
        IPPROTO_EGP as IPPROTO_EGP,
        IPPROTO_ESP as IPPROTO_ESP,
        IPPROTO_FRAGMENT as IPPROTO_FRAGMENT,
        IPPROTO_HOPOPTS as IPPROTO_HOPOPTS,
        IPPROTO_ICMPV6 as IPPROTO_ICMPV6,
        IPPROTO_IDP as IPPROTO_IDP,
        IPPROTO_IGMP as IPPROTO_IGMP,
        IPPROTO_IPV6 as IPPROTO_IPV6,
        IPPROTO_NONE as IPPROTO_NONE,
        IPPROTO_PIM as IPPROTO_PIM,
        IPPROTO_PUP as IPPROTO_PUP,
        IPPROTO_ROUTING as IPPROTO_ROUTING,
        IPPROTO_SCTP as IPPROTO_SCTP,
    )
from socket import (
    IP_TRANSPARENT as IP_TRANSPARENT,
    SCM_CREDENTIALS as SCM_CREDENTIALS,
    SOL_HCI as SOL_HCI,
    SO_BINDTODEVICE as SO_BINDTODEVICE,
    SO_MARK as SO_MARK,
    SO_PASSCRED as SO_PASSCRED,
    SO_PEERCRED as SO_PEERCRED,
    SO_PRIORITY as SO_PRIORITY,
    TCP_CORK as TCP_CORK,
    TCP_DEFER_ACCEPT as TCP_DEFER_ACCEPT,
    TCP_INFO as TCP_INFO,
    TCP_LINGER2 as TCP_LINGER2,
    TCP_QUICKACK as TCP_QUICKACK,
    TCP_SYNCNT as TCP_SYNCNT,
    TCP_WINDOW_CLAMP as TCP_WINDOW_CLAMP,
)
from socket import (
    CMSG_LEN as CMSG_LEN,
    CMSG_SPACE as CMSG_SPACE,
    EAI_ADDRFAMILY as EAI_ADDRFAMILY,
    EAI_OVERFLOW as EAI_OVERFLOW,
    EAI_SYSTEM as EAI_SYSTEM,
    IPPROTO_GRE as IPPROTO_GRE,
    IPPROTO_IPIP as IPPROTO_IPIP,
    IPPROTO_RSVP as IPPROTO_RSVP,
    IPPROTO_TP as IPPROTO_TP,
    IPV6_RTHDR_TYPE_0 as IPV6_RTHDR_TYPE_0,
    IP_DEFAULT_MULTICAST_LOOP as IP_DEFAULT_MULTICAST_LOOP,
    IP_DEFAULT_MULTICAST_TTL as IP_DEFAULT_MULTICAST_TTL,
    IP_MAX_MEMBERSHIPS as IP_MAX_MEMBERSHIPS,
    IP_RECVOPTS as IP_RECVOPTS,
    IP_RECVRETOPTS as IP_RECVRETOPTS,
    IP_RETOPTS as IP_RETOPTS,
    SCM_RIGHTS as SCM_RIGHTS,
    SO_REUSEPORT as SO_REUSEPORT,
    sethostname as sethostname,
)
if sys.platform != "darwin" or sys.version_info >= (3, 9):
    from socket import (
        IPV6_DSTOPTS as IPV6_DSTOPTS,
        IPV6_NEXTHOP as IPV6_NEXTHOP,
        IPV6_PATHMTU as IPV6_PATHMTU,
        IPV6_RECVDSTOPTS as IPV6_RECVDSTOPTS,
        IPV6_RECVHOPLIMIT as IPV6_RECVHOPLIMIT,
        IPV6_RECVHOPOPTS as IPV6_RECVHOPOPTS,
        IPV6_RECVPATHMTU as IPV6_RECVPATHMTU,
        IPV6_RECVPKTINFO as IPV6_RECVPKTINFO,
        IPV6_RTHDRDSTOPTS as IPV6_RTHDRDSTOPTS,
    )
if sys.platform != "win32" or sys.version_info >= (3, 8):
    from socket import (
        if_indextoname as if_indextoname,
        if_nameindex as if_nameindex,
        if_nametoindex as if_nametoindex,
    )
if sys.platform != "win32" or sys.version_info >= (3, 9):
    from socket import (
        BDADDR_ANY as BDADDR_ANY,
        BDADDR_LOCAL as BDADDR_LOCAL,
        BTPROTO_RFCOMM as BTPROTO_RFCOMM,
    )
from socket import (
    ALG_OP_DECRYPT as ALG_OP_DECRYPT,
    ALG_OP_ENCRYPT as ALG_OP_ENCRYPT,
    ALG_OP_SIGN as ALG_OP_SIGN,
    ALG_OP_VERIFY as ALG_OP_VERIFY,
    ALG_SET_AEAD_ASSOCLEN as ALG_SET_AEAD_ASSOCLEN,
    ALG_SET_AEAD_AUTHSIZE as ALG_SET_AEAD_AUTHSIZE,
    ALG_SET_IV as ALG_SET_IV,
    ALG_SET_KEY as ALG_SET_KEY,
    ALG_SET_OP as ALG_SET_OP,
    ALG_SET_PUBKEY as ALG_SET_PUBKEY,
    CAN_BCM as CAN_BCM,
    CAN_BCM_RX_CHANGED as CAN_BCM_RX_CHANGED,
    CAN_BCM_RX_DELETE as CAN_BCM_RX_DELETE,
    CAN_BCM_RX_READ as CAN_BCM_RX_READ,
    CAN_BCM_RX_SETUP as CAN_BCM_RX_SETUP,
    CAN_BCM_RX_STATUS as CAN_BCM_RX_STATUS,
    CAN_BCM_RX_TIMEOUT as CAN_BCM_RX_TIMEOUT,
    CAN_BCM_TX_DELETE as CAN_BCM_TX_DELETE,
    CAN_BCM_TX_EXPIRED as CAN_BCM_TX_EXPIRED,
    CAN_BCM_TX_READ as CAN_BCM_TX_READ,
    CAN_BCM_TX_SEND as CAN_BCM_TX_SEND,
    CAN_BCM_TX_SETUP as CAN_BCM_TX_SETUP,
    CAN_BCM_TX_STATUS as CAN_BCM_TX_STATUS,
    CAN_EFF_FLAG as CAN_EFF_FLAG,
    CAN_EFF_MASK as CAN_EFF_MASK,
    CAN_ERR_FLAG as CAN_ERR_FLAG,
    CAN_ERR_MASK as CAN_ERR_MASK,
    CAN_RAW as CAN_RAW,
    CAN_RAW_ERR_FILTER as CAN_RAW_ERR_FILTER,
    CAN_RAW_FD_FRAMES as CAN_RAW_FD_FRAMES,
    CAN_RAW_FILTER as CAN_RAW_FILTER,
    CAN_RAW_LOOPBACK as CAN_RAW_LOOPBACK,
    CAN_RAW_RECV_OWN_MSGS as CAN_RAW_RECV_OWN_MSGS,
    CAN_RTR_FLAG as CAN_RTR_FLAG,
    CAN_SFF_MASK as CAN_SFF_MASK,
    NETLINK_CRYPTO as NETLINK_CRYPTO,
    NETLINK_DNRTMSG as NETLINK_DNRTMSG,
    NETLINK_FIREWALL as NETLINK_FIREWALL,
    NETLINK_IP6_FW as NETLINK_IP6_FW,
    NETLINK_NFLOG as NETLINK_NFLOG,
    NETLINK_ROUTE as NETLINK_ROUTE,
    NETLINK_USERSOCK as NETLINK_USERSOCK,
    NETLINK_XFRM as NETLINK_XFRM,
    PACKET_BROADCAST as PACKET_BROADCAST,
    PACKET_FASTROUTE as PACKET_FASTROUTE,
    PACKET_HOST as PACKET_HOST,
    PACKET_LOOPBACK as PACKET_LOOPBACK,
    PACKET_MULTICAST as PACKET_MULTICAST,
    PACKET_OTHERHOST as PACKET_OTHERHOST,
    PACKET_OUTGOING as PACKET_OUTGOING,
    PF_CAN as PF_CAN,
    PF_PACKET as PF_PACKET,
    PF_RDS as PF_RDS,
    SOL_ALG as SOL_ALG,
    SOL_CAN_BASE as SOL_CAN_BASE,
    SOL_CAN_RAW as SOL_CAN_RAW,
    SOL_RDS as SOL_RDS,
    SOL_TIPC as SOL_TIPC,
    TIPC_ADDR_ID as TIPC_ADDR_ID,
    TIPC_ADDR_NAME as TIPC_ADDR_NAME,
    TIPC_ADDR_NAMESEQ as TIPC_ADDR_NAMESEQ,
    TIPC_CFG_SRV as TIPC_CFG_SRV,
    TIPC_CLUSTER_SCOPE as TIPC_CLUSTER_SCOPE,
    TIPC_CONN_TIMEOUT as TIPC_CONN_TIMEOUT,
    TIPC_CRITICAL_IMPORTANCE as TIPC_CRITICAL_IMPORTANCE,
    TIPC_DEST_DROPPABLE as TIPC_DEST_DROPPABLE,
    TIPC_HIGH_IMPORTANCE as TIPC_HIGH_IMPORTANCE,
    TIPC_IMPORTANCE as TIPC_IMPORTANCE,
    TIPC_LOW_IMPORTANCE as TIPC_LOW_IMPORTANCE,
    TIPC_MEDIUM_IMPORTANCE as TIPC_MEDIUM_IMPORTANCE,
    TIPC_NODE_SCOPE as TIPC_NODE_SCOPE,
    TIPC_PUBLISHED as TIPC_PUBLISHED,
    TIPC_SRC_DROPPABLE as TIPC_SRC_DROPPABLE,
    TIPC_SUBSCR_TIMEOUT as TIPC_SUBSCR_TIMEOUT,
    TIPC_SUB_CANCEL as TIPC_SUB_CANCEL,
    TIPC_SUB_PORTS as TIPC_SUB_PORTS,
    TIPC_SUB_SERVICE as TIPC_SUB_SERVICE,
    TIPC_TOP_SRV as TIPC_TOP_SRV,
    TIPC_WAIT_FOREVER as TIPC_WAIT_FOREVER,
    TIPC_WITHDRAWN as TIPC_WITHDRAWN,
    TIPC_ZONE_SCOPE as TIPC_ZONE_SCOPE,
)
from socket import (
    CAN_ISOTP as CAN_ISOTP,
    IOCTL_VM_SOCKETS_GET_LOCAL_CID as IOCTL_VM_SOCKETS_GET_LOCAL_CID,
    SO_VM_SOCKETS_BUFFER_MAX_SIZE as SO_VM_SOCKETS_BUFFER_MAX_SIZE,
    SO_VM_SOCKETS_BUFFER_MIN_SIZE as SO_VM_SOCKETS_BUFFER_MIN_SIZE,
    SO_VM_SOCKETS_BUFFER_SIZE as SO_VM_SOCKETS_BUFFER_SIZE,
    VMADDR_CID_ANY as VMADDR_CID_ANY,
    VMADDR_CID_HOST as VMADDR_CID_HOST,
    VMADDR_PORT_ANY as VMADDR_PORT_ANY,
    VM_SOCKETS_INVALID_VERSION as VM_SOCKETS_INVALID_VERSION,
)
from socket import (
    TCP_NOTSENT_LOWAT as TCP_NOTSENT_LOWAT,
)
if sys.platform == "linux" and sys.version_info >= (3, 8):
    from socket import (
        CAN_BCM_CAN_FD_FRAME as CAN_BCM_CAN_FD_FRAME,
        CAN_BCM_RX_ANNOUNCE_RESUME as CAN_BCM_RX_ANNOUNCE_RESUME,
        CAN_BCM_RX_CHECK_DLC as CAN_BCM_RX_CHECK_DLC,
        CAN_BCM_RX_FILTER_ID as CAN_BCM_RX_FILTER_ID,
        CAN_BCM_RX_NO_AUTOTIMER as CAN_BCM_RX_NO_AUTOTIMER,
        CAN_BCM_RX_RTR_FRAME as CAN_BCM_RX_RTR_FRAME,
        CAN_BCM_SETTIMER as CAN_BCM_SETTIMER,
        CAN_BCM_STARTTIMER as CAN_BCM_STARTTIMER,
        CAN_BCM_TX_ANNOUNCE as CAN_BCM_TX_ANNOUNCE,
        CAN_BCM_TX_COUNTEVT as CAN_BCM_TX_COUNTEVT,
        CAN_BCM_TX_CP_CAN_ID as CAN_BCM_TX_CP_CAN_ID,
        CAN_BCM_TX_RESET_MULTI_IDX as CAN_BCM_TX_RESET_MULTI_IDX,
    )
if sys.platform == "linux" and sys.version_info >= (3, 9):
    from socket import (
        CAN_J1939 as CAN_J1939,
        CAN_RAW_JOIN_FILTERS as CAN_RAW_JOIN_FILTERS,
        J1939_EE_INFO_NONE as J1939_EE_INFO_NONE,
        J1939_EE_INFO_TX_ABORT as J1939_EE_INFO_TX_ABORT,
        J1939_FILTER_MAX as J1939_FILTER_MAX,
        J1939_IDLE_ADDR as J1939_IDLE_ADDR,
        J1939_MAX_UNICAST_ADDR as J1939_MAX_UNICAST_ADDR,
        J1939_NLA_BYTES_ACKED as J1939_NLA_BYTES_ACKED,
        J1939_NLA_PAD as J1939_NLA_PAD,
        J1939_NO_ADDR as J1939_NO_ADDR,
        J1939_NO_NAME as J1939_NO_NAME,
        J1939_NO_PGN as J1939_NO_PGN,
        J1939_PGN_ADDRESS_CLAIMED as J1939_PGN_ADDRESS_CLAIMED,
        J1939_PGN_ADDRESS_COMMANDED as J1939_PGN_ADDRESS_COMMANDED,
        J1939_PGN_MAX as J1939_PGN_MAX,
        J1939_PGN_PDU1_MAX as J1939_PGN_PDU1_MAX,
        J1939_PGN_REQUEST as J1939_PGN_REQUEST,
        SCM_J1939_DEST_ADDR as SCM_J1939_DEST_ADDR,
        SCM_J1939_DEST_NAME as SCM_J1939_DEST_NAME,
        SCM_J1939_ERRQUEUE as SCM_J1939_ERRQUEUE,
        SCM_J1939_PRIO as SCM_J1939_PRIO,
        SO_J1939_ERRQUEUE as SO_J1939_ERRQUEUE,
        SO_J1939_FILTER as SO_J1939_FILTER,
        SO_J1939_PROMISC as SO_J1939_PROMISC,
        SO_J1939_SEND_PRIO as SO_J1939_SEND_PRIO,
    )
if sys.platform == "linux" and sys.version_info >= (3, 10):
    from socket import (
        IPPROTO_MPTCP as IPPROTO_MPTCP,
    )
if sys.platform == "linux" and sys.version_info >= (3, 11):
    from socket import (
        SO_INCOMING_CPU as SO_INCOMING_CPU,
    )
AF_IRDA: int
AF_ROUTE: int
AF_UNIX: int
AF_ASH: int
AF_ATMPVC: int
AF_ATMSVC: int
AF_AX25: int
AF_BRIDGE: int
AF_ECONET: int
AF_KEY: int
AF_LLC: int
AF_NETBEUI: int
AF_NETROM: int
AF_PPPOX: int
AF_ROSE: int
AF_SECURITY: int
AF_WANPIPE: int
AF_X25: int
AF_ALG: int
AF_CAN: int
AF_NETLINK: int
AF_PACKET: int
AF_RDS: int
AF_TIPC: int
AF_VSOCK: int
if sys.version_info >= (3, 8):
    AF_QIPCRTR: int
if sys.platform != "win32" or sys.version_info >= (3, 9):
    AF_BLUETOOTH: int
SOCK_CLOEXEC: int
SOCK_NONBLOCK: int
MSG_ERRQUEUE: int
MSG_DONTWAIT: int
MSG_EOR: int
MSG_NOSIGNAL: int
MSG_CMSG_CLOEXEC: int
MSG_CONFIRM: int
MSG_FASTOPEN: int
MSG_MORE: int
if sys.version_info >= (3, 9):
    from socket import (
        recv_fds as recv_fds,
        send_fds as send_fds,
    )
if sys.version_info >= (3, 8):
    from socket import (
        has_dualstack_ipv6 as has_dualstack_ipv6,
    )
# END names of the standard library

__version__: str

_Address: TypeAlias = Union[tuple[Any, ...], str, ReadableBuffer]
# _Message: one datagram of a batch, the data alone (on a connected
# socket) or (data, address).
_Message: TypeAlias = Union[ReadableBuffer, tuple[ReadableBuffer, _Address]]

class socket(_std.socket):
    def dup(self) -> socket: ...
    def accept(self) -> tuple[socket, Any]: ...
    # sendmmsg sends the messages (at most 1024) with one sendmmsg(2)
    # call; returns how many were sent.
    def sendmmsg(self, __messages: Iterable[_Message], __flags: int = ...) -> int: ...
    # recvmmsg receives up to count datagrams of at most bufsize bytes
    # each with one recvmmsg(2) call: [(data, address), ...].
    def recvmmsg(self, __count: int, __bufsize: int, __flags: int = ...) -> list[tuple[bytes, Any]]: ...

# install puts gosocket in the built-in module's place (_socket; with
# socket=True, socket too) for what is imported afterwards.
def install(socket: bool = ...) -> None: ...
def fromfd(fd: int, family: AddressFamily | int, type: SocketKind | int, proto: int = ...) -> socket: ...
def socketpair(
    family: int | AddressFamily | None = ..., type: SocketKind | int = ..., proto: int = ...
) -> tuple[socket, socket]: ...

if sys.version_info >= (3, 11):
    def create_connection(
        address: tuple[str | None, int],
        timeout: float | None = ...,
        source_address: _Address | None = ...,
        *,
        all_errors: bool = ...,
    ) -> socket: ...

else:
    def create_connection(
        address: tuple[str | None, int], timeout: float | None = ..., source_address: _Address | None = ...
    ) -> socket: ...

if sys.version_info >= (3, 8):
    def create_server(
        address: _Address, *, family: int = ..., backlog: int | None = ..., reuse_port: bool = ..., dualstack_ipv6: bool = ...
    ) -> socket: ...
