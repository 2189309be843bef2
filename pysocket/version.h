/* version.h: gosocket's version, the one place it is written. The module's
 * __version__ is this string; build.py's version() reads it from here for
 * the wheels, the sdist and setup.py. */
#ifndef GS_VERSION
#define GS_VERSION "0.1.0"
#endif
