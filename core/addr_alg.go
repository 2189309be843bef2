package core

import "golang.org/x/sys/unix"

// Alg is an AF_ALG address (struct sockaddr_alg): Python's
// (type, name, feat, mask), type and name NUL-terminated in their arrays.
type Alg struct {
	Type [14]byte
	Name [64]byte
	Feat uint32
	Mask uint32
}

// SetType copies t into a.Type as strncpy does (up to its first NUL,
// zero-filled); the binding has refused a type of 14 bytes or more.
func (a *Alg) SetType(t []byte) {
	a.Type = [14]byte{}
	copy(a.Type[:], t[:cstrlen(t)])
}

// SetName copies n into a.Name as SetType does for the type.
func (a *Alg) SetName(n []byte) {
	a.Name = [64]byte{}
	copy(a.Name[:], n[:cstrlen(n)])
}

// Put encodes a into r: a zeroed sockaddr_alg with a's fields, as
// CPython's getsockaddrarg fills it.
func (a *Alg) Put(r *Raw) {
	sa := (*unix.RawSockaddrALG)(r.ptr())
	*sa = unix.RawSockaddrALG{Family: unix.AF_ALG, Type: a.Type, Feat: a.Feat, Mask: a.Mask, Name: a.Name}
	r.Len = unix.SizeofSockaddrALG
}

// Get decodes r, which must hold an AF_ALG address, into a.
func (a *Alg) Get(r *Raw) {
	sa := (*unix.RawSockaddrALG)(r.ptr())
	a.Type, a.Name, a.Feat, a.Mask = sa.Type, sa.Name, sa.Feat, sa.Mask
}

// TypeLen is the length of a's type before its NUL (strnlen).
func (a *Alg) TypeLen() int { return cstrlen(a.Type[:]) }

// NameLen is the length of a's name before its NUL (strnlen).
func (a *Alg) NameLen() int { return cstrlen(a.Name[:]) }
