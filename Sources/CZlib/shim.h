// zlib, provided by Debian's zlib1g-dev; used to read gzip-compressed tables.
#include <zlib.h>
