package core

import "golang.org/x/sys/unix"

// Netlink is an AF_NETLINK address: Python's (pid, groups).
type Netlink struct {
	Pid    uint32
	Groups uint32
}

// Put encodes a into r.
func (a *Netlink) Put(r *Raw) {
	sa := (*unix.RawSockaddrNetlink)(r.ptr())
	*sa = unix.RawSockaddrNetlink{Family: unix.AF_NETLINK, Pid: a.Pid, Groups: a.Groups}
	r.Len = unix.SizeofSockaddrNetlink
}

// Get decodes r, which must hold an AF_NETLINK address, into a.
func (a *Netlink) Get(r *Raw) {
	sa := (*unix.RawSockaddrNetlink)(r.ptr())
	a.Pid, a.Groups = sa.Pid, sa.Groups
}
