#ifndef PLANFIT_CCURL_H
#define PLANFIT_CCURL_H

/* libcurl, loaded on first use instead of linked.
 *
 * Linking libcurl makes the dynamic loader map and relocate it and its ~35 dependencies (TLS, Kerberos,
 * LDAP, ...) at every start of planfit, about 6 ms: more than everything else a fast command such as
 * `check` or `diff` does. Only the commands that talk to a model server need it, so it is dlopen()ed
 * the first time one of them does. The header is only needed for the types and constants.
 *
 * curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: one typed wrapper each.
 * Swift code calls only the planfit_curl_* functions below; a direct call to a curl_* function would
 * fail to link, which keeps that rule. */

#include <curl/curl.h>
#include <stddef.h>

typedef size_t (*planfit_curl_data_callback)(char *, size_t, size_t, void *);
typedef int (*planfit_curl_progress_callback)(void *, curl_off_t, curl_off_t, curl_off_t, curl_off_t);

/* Loads libcurl (once; thread-safe) and runs curl_global_init. Returns 0, or -1 with the reason from
 * the dynamic loader in `error` (NUL-terminated, at most `capacity` bytes). */
int planfit_curl_load(char *error, size_t capacity);

CURL *planfit_curl_easy_init(void);
void planfit_curl_easy_cleanup(CURL *handle);
CURLcode planfit_curl_easy_perform(CURL *handle);
const char *planfit_curl_easy_strerror(CURLcode code);
struct curl_slist *planfit_curl_slist_append(struct curl_slist *list, const char *text);
void planfit_curl_slist_free_all(struct curl_slist *list);

CURLcode planfit_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode planfit_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode planfit_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode planfit_curl_setopt_data_callback(CURL *handle, CURLoption option, planfit_curl_data_callback callback);
CURLcode planfit_curl_setopt_progress_callback(CURL *handle, planfit_curl_progress_callback callback);
CURLcode planfit_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode planfit_curl_getinfo_double(CURL *handle, CURLINFO info, double *value);

#endif
