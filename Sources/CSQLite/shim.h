#include <sqlite3.h>

/* sqlite3_db_config is variadic, which Swift cannot call: one typed wrapper for the integer options. */
static inline int planfit_sqlite3_db_config_int(sqlite3 *db, int option, int value) {
    return sqlite3_db_config(db, option, value, (int *)0);
}
