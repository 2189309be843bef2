/* compat.h: the one place where Python 2.7 and 3.x differ for the glue. */
#ifndef GS_COMPAT_H
#define GS_COMPAT_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

#if PY_MAJOR_VERSION >= 3
#define GS_PY3 1
#define GS_BYTES_FMT "y#"
#define GS_Bytes_FromStringAndSize PyBytes_FromStringAndSize
#define GS_Bytes_AS_STRING PyBytes_AS_STRING
#define GS_Bytes_Check PyBytes_Check
#define GS_Bytes_Resize _PyBytes_Resize
#define GS_Str_FromString PyUnicode_FromString
#define GS_Int_FromLong PyLong_FromLong
#define GS_Int_Check(o) PyLong_Check(o)
#define GS_Str_Check PyUnicode_Check
#define GS_Str_AsUTF8 PyUnicode_AsUTF8
#else
#define GS_PY3 0
#define GS_BYTES_FMT "s#"
#define GS_Bytes_FromStringAndSize PyString_FromStringAndSize
#define GS_Bytes_AS_STRING PyString_AS_STRING
#define GS_Bytes_Check PyString_Check
#define GS_Bytes_Resize _PyString_Resize
#define GS_Str_FromString PyString_FromString
#define GS_Int_FromLong PyInt_FromLong
#define GS_Int_Check(o) (PyInt_Check(o) || PyLong_Check(o))
#define GS_Str_Check PyString_Check
#define GS_Str_AsUTF8 PyString_AsString
#endif

/* GS_PYVER is (major << 8 | minor), as in the constants table. */
#define GS_PYVER (PY_VERSION_HEX >> 16)

/* Sockets are created non-inheritable on 3.4+ (PEP 446); 2.7 inherits. */
#define GS_CLOEXEC (GS_PYVER >= 0x0304)

/* PEP 475: 3.5+ retries after EINTR when no signal handler raised. */
#define GS_RETRY_EINTR (GS_PYVER >= 0x0305)

/* 3.7+ hides SOCK_NONBLOCK/SOCK_CLOEXEC from socket.type and lets
 * socket(fileno=) detect the family, type and protocol. */
#define GS_MASK_TYPE (GS_PYVER >= 0x0307)

/* GS_SIG puts a text signature ahead of a docstring, which 3.x reads as
 * __text_signature__ (inspect.signature); it follows the signature of the
 * standard library's function of the same name. 2.7 keeps the docstring. */
#if GS_PYVER >= 0x0300
#define GS_SIG(sig, doc) sig "\n--\n\n" doc
#else
#define GS_SIG(sig, doc) doc
#endif

/* The docstrings of send, sendall and sendmsg: 3.15 gives them text
 * signatures (Argument Clinic), earlier versions none. */
#if GS_PYVER >= 0x030F
#define GS_DOC_SEND GS_SIG("send($self, data, flags=0, /)", "send(data[, flags]) -> count")
#define GS_DOC_SENDALL GS_SIG("sendall($self, data, flags=0, /)", "sendall(data[, flags])")
#define GS_DOC_SENDMSG \
    GS_SIG("sendmsg($self, buffers, ancdata=(), flags=0, address=None, /)", "sendmsg(buffers[, ancdata[, flags[, address]]]) -> count")
#else
#define GS_DOC_SEND "send(data[, flags]) -> count"
#define GS_DOC_SENDALL "sendall(data[, flags])"
#define GS_DOC_SENDMSG "sendmsg(buffers[, ancdata[, flags[, address]]]) -> count"
#endif

#endif
