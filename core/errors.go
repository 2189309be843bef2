package core

import "golang.org/x/sys/unix"

// AddrError reports a socket address that cannot be used, for example an
// AF_UNIX path longer than sun_path. CPython raises a plain OSError with the
// message (and no errno) for these; the binding keeps the messages.
type AddrError int

// The AddrError values, in the order of their GS_EADDR_* status codes.
const (
	ErrUnixPathTooLong   AddrError = iota // "AF_UNIX path too long"
	ErrFamilyMismatch                     // "address family mismatched"
	ErrWildcardMulti                      // "wildcard resolved to multiple address"
	ErrUnsupportedFamily                  // "unsupported address family"
	ErrUnknownFamily                      // "unknown address family"
	ErrNoCodec                            // the family has no address codec
	ErrMultipleAddrs                      // "sockaddr resolved to multiple addresses"
	ErrIPv4Tuple                          // "IPv4 sockaddr must be 2 tuple"
)

var addrMessages = [...]string{
	"AF_UNIX path too long",
	"address family mismatched",
	"wildcard resolved to multiple address",
	"unsupported address family",
	"unknown address family",
	"getsockaddrarg: bad family",
	"sockaddr resolved to multiple addresses",
	"IPv4 sockaddr must be 2 tuple",
}

func (e AddrError) Error() string { return addrMessages[e] }

// AddrErrorMessages returns the AddrError messages in the order of the
// values, each the message the built-in module raises OSError with; the
// binding's status table is generated from it (internal/gencontract).
func AddrErrorMessages() []string { return addrMessages[:] }

// errno turns a raw errno into an error without allocating: zero is nil.
func errno(e unix.Errno) error {
	if e == 0 {
		return nil
	}
	return e
}
