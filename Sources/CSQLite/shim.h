// SQLite 3, provided by Debian's libsqlite3-dev; the results database of offshore sensitivity.
#include <sqlite3.h>
