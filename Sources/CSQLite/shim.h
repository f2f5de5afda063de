/* SQLite, linked statically from the system's libsqlite3.a (Debian's libsqlite3-dev; see Package.swift
 * for why static). */
#include <sqlite3.h>
