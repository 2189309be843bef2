package core

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// unixPathOffset is offsetof(struct sockaddr_un, sun_path).
const unixPathOffset = int(unsafe.Offsetof(unix.RawSockaddrUnix{}.Path))

// PutUnix encodes an AF_UNIX path into r, matching CPython's
// getsockaddrarg: an abstract name (starting with NUL, Linux) longer than
// sun_path, or a filesystem path that leaves no room for its NUL in
// sun_path, fails with "AF_UNIX path too long"; the length passed to the
// kernel is exactly the path's, with a NUL stored after a filesystem path.
func PutUnix(r *Raw, path []byte) error {
	sa := (*unix.RawSockaddrUnix)(r.ptr())
	abstract := len(path) > 0 && path[0] == 0
	if len(path) > len(sa.Path) || !abstract && len(path) == len(sa.Path) {
		return ErrUnixPathTooLong
	}
	sa.Family = unix.AF_UNIX
	dst := r.bytes()[unixPathOffset : unixPathOffset+len(sa.Path)]
	n := copy(dst, path)
	if n < len(dst) {
		dst[n] = 0
	}
	r.Len = uint32(unixPathOffset + n)
	return nil
}

// GetUnix returns the path bytes of the AF_UNIX address in r, sharing r's
// memory. As in CPython's makesockaddr, an abstract name keeps its exact
// length and a filesystem path stops at its first NUL.
func GetUnix(r *Raw) []byte {
	n := int(r.Len) - unixPathOffset
	if n <= 0 {
		return nil
	}
	if n > 108 {
		n = 108
	}
	path := r.bytes()[unixPathOffset : unixPathOffset+n]
	if path[0] != 0 {
		for i, c := range path {
			if c == 0 {
				return path[:i]
			}
		}
	}
	return path
}
