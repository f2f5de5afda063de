#include "CCurl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* The libcurl functions planfit uses, resolved from the loaded library. */
static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    CURLcode (*easy_perform)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
} curl;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_error[512];
static int load_status = -1;

/* libcurl.so.4 is the soname of every libcurl since 7.16 (Debian's libcurl4 package); the unversioned
 * name is the development symlink, tried second. */
static const char *const library_names[] = {"libcurl.so.4", "libcurl.so"};

#define RESOLVE(field, symbol)                                                                   \
    do {                                                                                         \
        *(void **)(&curl.field) = dlsym(library, symbol);                                        \
        if (!curl.field) {                                                                       \
            snprintf(load_error, sizeof load_error, "%s has no %s (libcurl too old?)", name, symbol); \
            return;                                                                              \
        }                                                                                        \
    } while (0)

static void load(void) {
    void *library = NULL;
    const char *name = NULL;
    for (size_t i = 0; i < sizeof library_names / sizeof *library_names && !library; i++) {
        name = library_names[i];
        library = dlopen(name, RTLD_NOW | RTLD_LOCAL);
    }
    if (!library) {
        const char *reason = dlerror();
        snprintf(load_error, sizeof load_error, "%s", reason ? reason : "libcurl.so.4: not found");
        return;
    }
    RESOLVE(global_init, "curl_global_init");
    RESOLVE(easy_init, "curl_easy_init");
    RESOLVE(easy_cleanup, "curl_easy_cleanup");
    RESOLVE(easy_perform, "curl_easy_perform");
    RESOLVE(easy_strerror, "curl_easy_strerror");
    RESOLVE(easy_setopt, "curl_easy_setopt");
    RESOLVE(easy_getinfo, "curl_easy_getinfo");
    RESOLVE(slist_append, "curl_slist_append");
    RESOLVE(slist_free_all, "curl_slist_free_all");
    CURLcode code = curl.global_init(CURL_GLOBAL_DEFAULT);
    if (code != CURLE_OK) {
        snprintf(load_error, sizeof load_error, "curl_global_init failed: %s", curl.easy_strerror(code));
        return;
    }
    load_status = 0;
}

int planfit_curl_load(char *error, size_t capacity) {
    pthread_once(&load_once, load);
    if (load_status != 0 && error && capacity > 0) {
        snprintf(error, capacity, "%s", load_error);
    }
    return load_status;
}

/* The wrappers below are called only after planfit_curl_load returned 0. */

CURL *planfit_curl_easy_init(void) { return curl.easy_init(); }
void planfit_curl_easy_cleanup(CURL *handle) { curl.easy_cleanup(handle); }
CURLcode planfit_curl_easy_perform(CURL *handle) { return curl.easy_perform(handle); }
const char *planfit_curl_easy_strerror(CURLcode code) { return curl.easy_strerror(code); }

struct curl_slist *planfit_curl_slist_append(struct curl_slist *list, const char *text) {
    return curl.slist_append(list, text);
}

void planfit_curl_slist_free_all(struct curl_slist *list) { curl.slist_free_all(list); }

CURLcode planfit_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl.easy_setopt(handle, option, value);
}

CURLcode planfit_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl.easy_setopt(handle, option, value);
}

CURLcode planfit_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl.easy_setopt(handle, option, value);
}

CURLcode planfit_curl_setopt_data_callback(CURL *handle, CURLoption option, planfit_curl_data_callback callback) {
    return curl.easy_setopt(handle, option, callback);
}

CURLcode planfit_curl_setopt_progress_callback(CURL *handle, planfit_curl_progress_callback callback) {
    return curl.easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
}

CURLcode planfit_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl.easy_getinfo(handle, info, value);
}

CURLcode planfit_curl_getinfo_double(CURL *handle, CURLINFO info, double *value) {
    return curl.easy_getinfo(handle, info, value);
}
