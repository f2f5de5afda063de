import CSQLite
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A compiled SQL statement of one `SQLiteDatabase`. Bind parameters, then `step()` until it returns
/// false, reading `row()` after each true.
public final class SQLiteStatement {
    public let sql: String
    private let database: SQLiteDatabase
    private let handle: OpaquePointer

    init(database: SQLiteDatabase, handle: OpaquePointer, sql: String) {
        self.database = database
        self.handle = handle
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    /// The number of `?` parameters the statement takes.
    public var parameterCount: Int { Int(sqlite3_bind_parameter_count(handle)) }

    /// Resets the statement and binds `values` to its parameters in order; the count must match.
    public func bind(_ values: [SQLiteValue]) throws {
        try database.synchronized {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
            guard values.count == parameterCount else {
                throw SQLiteError(
                    path: database.path, code: SQLITE_RANGE,
                    message: "the statement takes \(parameterCount) parameters but \(values.count) were given",
                    sql: sql)
            }
            for (offset, value) in values.enumerated() {
                let status = bind(value, at: Int32(offset + 1))
                guard status == SQLITE_OK else { throw database.error(status, sql: sql) }
            }
        }
    }

    private func bind(_ value: SQLiteValue, at index: Int32) -> Int32 {
        switch value {
        case .null:
            return sqlite3_bind_null(handle, index)
        case .integer(let number):
            return sqlite3_bind_int64(handle, index, number)
        case .real(let number):
            return sqlite3_bind_double(handle, index, number)
        case .text(let text):
            // An explicit byte length keeps text with embedded NUL characters whole.
            var bytes = Array(text.utf8)
            bytes.append(0)
            return bytes.withUnsafeBufferPointer { buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    sqlite3_bind_text64(handle, index, $0, UInt64(buffer.count - 1), transientDestructor, UInt8(SQLITE_UTF8))
                }
            }
        case .blob(let data):
            // A zero-length blob has no base address, and binding a nil pointer would store NULL.
            if data.isEmpty { return sqlite3_bind_zeroblob(handle, index, 0) }
            return data.withUnsafeBytes {
                sqlite3_bind_blob64(handle, index, $0.baseAddress, UInt64($0.count), transientDestructor)
            }
        }
    }

    /// Advances to the next row: true when a row is ready to read, false when the statement is done.
    public func step() throws -> Bool {
        try database.synchronized {
            switch sqlite3_step(handle) {
            case SQLITE_ROW: return true
            case SQLITE_DONE: return false
            case let status:
                let error = database.error(status, sql: sql)
                sqlite3_reset(handle)
                throw error
            }
        }
    }

    /// Makes the statement ready to run again with the same bindings.
    public func reset() {
        database.synchronized { _ = sqlite3_reset(handle) }
    }

    public var columnNames: [String] {
        (0..<sqlite3_column_count(handle)).map { String(cString: sqlite3_column_name(handle, $0)) }
    }

    /// The current row; valid after `step()` returned true.
    public func row() -> SQLiteRow {
        database.synchronized {
            let count = sqlite3_column_count(handle)
            return SQLiteRow(columns: columnNames, values: (0..<count).map(value(at:)))
        }
    }

    private func value(at column: Int32) -> SQLiteValue {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(handle, column))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(handle, column))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, column))
            guard count > 0, let bytes = sqlite3_column_blob(handle, column) else { return .blob(Data()) }
            return .blob(Data(bytes: bytes, count: count))
        case SQLITE_NULL:
            return .null
        default:
            guard let text = sqlite3_column_text(handle, column) else { return .text("") }
            let count = Int(sqlite3_column_bytes(handle, column))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        }
    }
}

/// SQLITE_TRANSIENT: SQLite copies the bound bytes before the call returns. The C macro is a cast of -1
/// that Swift does not import.
private let transientDestructor = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
