/// File paths as text: joining, parent folder, last component, extension. What `NSString`'s path
/// methods did for planfit (same results for the paths planfit builds: no "~" expansion, no
/// resolving of ".."), without the part of Foundation that brings ICU into the binary (see `Lock`).
public enum PathText {
    /// `folder/name`, with one slash between them; `name` when `folder` is empty.
    public static func join(_ folder: String, _ name: String) -> String {
        if folder.isEmpty { return name }
        if name.isEmpty { return folder }
        var left = Substring(folder)
        while left.count > 1, left.hasSuffix("/") { left.removeLast() }
        var right = Substring(name)
        while right.hasPrefix("/") { right.removeFirst() }
        return left == "/" ? "/" + right : left + "/" + right
    }

    /// The folder part: "" for a bare name, "/" for a name at the root.
    public static func parent(_ path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        if slash == trimmed.startIndex { return "/" }
        var folder = trimmed[..<slash]
        while folder.count > 1, folder.hasSuffix("/") { folder.removeLast() }
        return String(folder)
    }

    /// The last component, without trailing slashes.
    public static func lastComponent(_ path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let slash = trimmed.lastIndex(of: "/"), trimmed != "/" else { return String(trimmed) }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    /// The name without its last ".ext" (a leading dot, as in ".plan", is not an extension).
    public static func deletingExtension(_ name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex,
              !name[name.index(after: dot)...].contains("/") else { return name }
        return String(name[..<dot])
    }
}
