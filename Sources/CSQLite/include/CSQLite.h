#ifndef PLANFIT_CSQLITE_H
#define PLANFIT_CSQLITE_H

/* SQLite, loaded on first use instead of linked.
 *
 * Linking libsqlite3 made the dynamic loader map and relocate it at every start of planfit, about a
 * quarter of a millisecond: as much as a fifth of what `check` or `--version` take, and neither opens
 * the cache (issue 11). So, like libcurl (Sources/CCurl), it is dlopen()ed the first time a command
 * opens the cache. The header is only needed for the types and constants.
 *
 * Swift code calls only the planfit_sqlite3_* functions below (same arguments and results as the
 * sqlite3_* function of the same name), after planfit_sqlite_load returned 0; a direct call to a
 * sqlite3_* function would fail to link, which keeps that rule. */

#include <sqlite3.h>
#include <stddef.h>

/* Loads libsqlite3 (once; thread-safe). Returns 0, or -1 with the reason from the dynamic loader in
 * `error` (NUL-terminated, at most `capacity` bytes). */
int planfit_sqlite_load(char *error, size_t capacity);

int planfit_sqlite3_bind_blob64(sqlite3_stmt *a, int b, const void *c, sqlite3_uint64 d, void (*e)(void *));
int planfit_sqlite3_bind_double(sqlite3_stmt *a, int b, double c);
int planfit_sqlite3_bind_int64(sqlite3_stmt *a, int b, sqlite3_int64 c);
int planfit_sqlite3_bind_null(sqlite3_stmt *a, int b);
int planfit_sqlite3_bind_parameter_count(sqlite3_stmt *a);
int planfit_sqlite3_bind_text64(sqlite3_stmt *a, int b, const char *c, sqlite3_uint64 d, void (*e)(void *), unsigned char f);
int planfit_sqlite3_bind_zeroblob(sqlite3_stmt *a, int b, int c);
int planfit_sqlite3_busy_timeout(sqlite3 *a, int b);
int planfit_sqlite3_changes(sqlite3 *a);
int planfit_sqlite3_clear_bindings(sqlite3_stmt *a);
int planfit_sqlite3_close_v2(sqlite3 *a);
const void *planfit_sqlite3_column_blob(sqlite3_stmt *a, int b);
int planfit_sqlite3_column_bytes(sqlite3_stmt *a, int b);
int planfit_sqlite3_column_count(sqlite3_stmt *a);
double planfit_sqlite3_column_double(sqlite3_stmt *a, int b);
sqlite3_int64 planfit_sqlite3_column_int64(sqlite3_stmt *a, int b);
const char *planfit_sqlite3_column_name(sqlite3_stmt *a, int b);
const unsigned char *planfit_sqlite3_column_text(sqlite3_stmt *a, int b);
int planfit_sqlite3_column_type(sqlite3_stmt *a, int b);
const char *planfit_sqlite3_errmsg(sqlite3 *a);
const char *planfit_sqlite3_errstr(int a);
int planfit_sqlite3_exec(sqlite3 *a, const char *b, int (*c)(void *, int, char **, char **), void *d, char **e);
int planfit_sqlite3_extended_errcode(sqlite3 *a);
int planfit_sqlite3_extended_result_codes(sqlite3 *a, int b);
int planfit_sqlite3_finalize(sqlite3_stmt *a);
int planfit_sqlite3_get_autocommit(sqlite3 *a);
sqlite3_int64 planfit_sqlite3_last_insert_rowid(sqlite3 *a);
int planfit_sqlite3_open_v2(const char *a, sqlite3 **b, int c, const char *d);
int planfit_sqlite3_prepare_v2(sqlite3 *a, const char *b, int c, sqlite3_stmt **d, const char **e);
int planfit_sqlite3_reset(sqlite3_stmt *a);
int planfit_sqlite3_step(sqlite3_stmt *a);

#endif
