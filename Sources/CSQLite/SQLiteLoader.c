/* For RTLD_DEEPBIND. */
#define _GNU_SOURCE
#include "CSQLite.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

/* The SQLite functions planfit uses, resolved from the loaded library. */
static struct {
    int (*bind_blob64)(sqlite3_stmt *a, int b, const void *c, sqlite3_uint64 d, void (*e)(void *));
    int (*bind_double)(sqlite3_stmt *a, int b, double c);
    int (*bind_int64)(sqlite3_stmt *a, int b, sqlite3_int64 c);
    int (*bind_null)(sqlite3_stmt *a, int b);
    int (*bind_parameter_count)(sqlite3_stmt *a);
    int (*bind_text64)(sqlite3_stmt *a, int b, const char *c, sqlite3_uint64 d, void (*e)(void *), unsigned char f);
    int (*bind_zeroblob)(sqlite3_stmt *a, int b, int c);
    int (*busy_timeout)(sqlite3 *a, int b);
    int (*changes)(sqlite3 *a);
    int (*clear_bindings)(sqlite3_stmt *a);
    int (*close_v2)(sqlite3 *a);
    const void * (*column_blob)(sqlite3_stmt *a, int b);
    int (*column_bytes)(sqlite3_stmt *a, int b);
    int (*column_count)(sqlite3_stmt *a);
    double (*column_double)(sqlite3_stmt *a, int b);
    sqlite3_int64 (*column_int64)(sqlite3_stmt *a, int b);
    const char * (*column_name)(sqlite3_stmt *a, int b);
    const unsigned char * (*column_text)(sqlite3_stmt *a, int b);
    int (*column_type)(sqlite3_stmt *a, int b);
    const char * (*errmsg)(sqlite3 *a);
    const char * (*errstr)(int a);
    int (*exec)(sqlite3 *a, const char *b, int (*c)(void *, int, char **, char **), void *d, char **e);
    int (*extended_errcode)(sqlite3 *a);
    int (*extended_result_codes)(sqlite3 *a, int b);
    int (*finalize)(sqlite3_stmt *a);
    int (*get_autocommit)(sqlite3 *a);
    sqlite3_int64 (*last_insert_rowid)(sqlite3 *a);
    int (*open_v2)(const char *a, sqlite3 **b, int c, const char *d);
    int (*prepare_v2)(sqlite3 *a, const char *b, int c, sqlite3_stmt **d, const char **e);
    int (*reset)(sqlite3_stmt *a);
    int (*step)(sqlite3_stmt *a);
} sqlite;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_error[512];
static int load_status = -1;

/* libsqlite3.so.0 is the soname of SQLite 3 (Debian's libsqlite3-0 package); the unversioned name is
 * the development symlink, tried second. */
static const char *const library_names[] = {"libsqlite3.so.0", "libsqlite3.so"};

#define RESOLVE(field)                                                                               \
    do {                                                                                             \
        *(void **)(&sqlite.field) = dlsym(library, "sqlite3_" #field);                               \
        if (!sqlite.field) {                                                                         \
            snprintf(load_error, sizeof load_error, "%s has no sqlite3_%s (SQLite too old?)", name, #field); \
            return;                                                                                  \
        }                                                                                            \
    } while (0)

/* RTLD_DEEPBIND: SQLite's library calls its own exported functions through its GOT, and binds all
 * ~1,300 of those at load (BIND_NOW). Looked up in the global scope first, each walks planfit and every
 * library it links before reaching SQLite; looked up in SQLite's own scope first, most end at once
 * (a tenth of a millisecond of every cache hit, issue 11). Nothing crosses between the two allocators
 * (planfit copies what SQLite returns and frees nothing of SQLite's). The address sanitizer refuses
 * DEEPBIND, so a sanitized build loads the library the ordinary way. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PLANFIT_NO_DEEPBIND 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || !defined(RTLD_DEEPBIND)
#define PLANFIT_NO_DEEPBIND 1
#endif
#ifdef PLANFIT_NO_DEEPBIND
static const int load_flags = RTLD_NOW | RTLD_LOCAL;
#else
static const int load_flags = RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND;
#endif

static void load(void) {
    void *library = NULL;
    const char *name = NULL;
    for (size_t i = 0; i < sizeof library_names / sizeof *library_names && !library; i++) {
        name = library_names[i];
        library = dlopen(name, load_flags);
    }
    if (!library) {
        const char *reason = dlerror();
        snprintf(load_error, sizeof load_error, "%s", reason ? reason : "libsqlite3.so.0: not found");
        return;
    }
    RESOLVE(bind_blob64);
    RESOLVE(bind_double);
    RESOLVE(bind_int64);
    RESOLVE(bind_null);
    RESOLVE(bind_parameter_count);
    RESOLVE(bind_text64);
    RESOLVE(bind_zeroblob);
    RESOLVE(busy_timeout);
    RESOLVE(changes);
    RESOLVE(clear_bindings);
    RESOLVE(close_v2);
    RESOLVE(column_blob);
    RESOLVE(column_bytes);
    RESOLVE(column_count);
    RESOLVE(column_double);
    RESOLVE(column_int64);
    RESOLVE(column_name);
    RESOLVE(column_text);
    RESOLVE(column_type);
    RESOLVE(errmsg);
    RESOLVE(errstr);
    RESOLVE(exec);
    RESOLVE(extended_errcode);
    RESOLVE(extended_result_codes);
    RESOLVE(finalize);
    RESOLVE(get_autocommit);
    RESOLVE(last_insert_rowid);
    RESOLVE(open_v2);
    RESOLVE(prepare_v2);
    RESOLVE(reset);
    RESOLVE(step);
    load_status = 0;
}

int planfit_sqlite_load(char *error, size_t capacity) {
    pthread_once(&load_once, load);
    if (load_status != 0 && error && capacity > 0) {
        snprintf(error, capacity, "%s", load_error);
    }
    return load_status;
}

/* The wrappers below are called only after planfit_sqlite_load returned 0. */

int planfit_sqlite3_bind_blob64(sqlite3_stmt *a, int b, const void *c, sqlite3_uint64 d, void (*e)(void *)) { return sqlite.bind_blob64(a, b, c, d, e); }
int planfit_sqlite3_bind_double(sqlite3_stmt *a, int b, double c) { return sqlite.bind_double(a, b, c); }
int planfit_sqlite3_bind_int64(sqlite3_stmt *a, int b, sqlite3_int64 c) { return sqlite.bind_int64(a, b, c); }
int planfit_sqlite3_bind_null(sqlite3_stmt *a, int b) { return sqlite.bind_null(a, b); }
int planfit_sqlite3_bind_parameter_count(sqlite3_stmt *a) { return sqlite.bind_parameter_count(a); }
int planfit_sqlite3_bind_text64(sqlite3_stmt *a, int b, const char *c, sqlite3_uint64 d, void (*e)(void *), unsigned char f) { return sqlite.bind_text64(a, b, c, d, e, f); }
int planfit_sqlite3_bind_zeroblob(sqlite3_stmt *a, int b, int c) { return sqlite.bind_zeroblob(a, b, c); }
int planfit_sqlite3_busy_timeout(sqlite3 *a, int b) { return sqlite.busy_timeout(a, b); }
int planfit_sqlite3_changes(sqlite3 *a) { return sqlite.changes(a); }
int planfit_sqlite3_clear_bindings(sqlite3_stmt *a) { return sqlite.clear_bindings(a); }
int planfit_sqlite3_close_v2(sqlite3 *a) { return sqlite.close_v2(a); }
const void *planfit_sqlite3_column_blob(sqlite3_stmt *a, int b) { return sqlite.column_blob(a, b); }
int planfit_sqlite3_column_bytes(sqlite3_stmt *a, int b) { return sqlite.column_bytes(a, b); }
int planfit_sqlite3_column_count(sqlite3_stmt *a) { return sqlite.column_count(a); }
double planfit_sqlite3_column_double(sqlite3_stmt *a, int b) { return sqlite.column_double(a, b); }
sqlite3_int64 planfit_sqlite3_column_int64(sqlite3_stmt *a, int b) { return sqlite.column_int64(a, b); }
const char *planfit_sqlite3_column_name(sqlite3_stmt *a, int b) { return sqlite.column_name(a, b); }
const unsigned char *planfit_sqlite3_column_text(sqlite3_stmt *a, int b) { return sqlite.column_text(a, b); }
int planfit_sqlite3_column_type(sqlite3_stmt *a, int b) { return sqlite.column_type(a, b); }
const char *planfit_sqlite3_errmsg(sqlite3 *a) { return sqlite.errmsg(a); }
const char *planfit_sqlite3_errstr(int a) { return sqlite.errstr(a); }
int planfit_sqlite3_exec(sqlite3 *a, const char *b, int (*c)(void *, int, char **, char **), void *d, char **e) { return sqlite.exec(a, b, c, d, e); }
int planfit_sqlite3_extended_errcode(sqlite3 *a) { return sqlite.extended_errcode(a); }
int planfit_sqlite3_extended_result_codes(sqlite3 *a, int b) { return sqlite.extended_result_codes(a, b); }
int planfit_sqlite3_finalize(sqlite3_stmt *a) { return sqlite.finalize(a); }
int planfit_sqlite3_get_autocommit(sqlite3 *a) { return sqlite.get_autocommit(a); }
sqlite3_int64 planfit_sqlite3_last_insert_rowid(sqlite3 *a) { return sqlite.last_insert_rowid(a); }
int planfit_sqlite3_open_v2(const char *a, sqlite3 **b, int c, const char *d) { return sqlite.open_v2(a, b, c, d); }
int planfit_sqlite3_prepare_v2(sqlite3 *a, const char *b, int c, sqlite3_stmt **d, const char **e) { return sqlite.prepare_v2(a, b, c, d, e); }
int planfit_sqlite3_reset(sqlite3_stmt *a) { return sqlite.reset(a); }
int planfit_sqlite3_step(sqlite3_stmt *a) { return sqlite.step(a); }
