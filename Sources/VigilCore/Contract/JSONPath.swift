/// A place in a JSON value as violations name it: `$.items[3].createdAt`, `$["content-type"]`.
public enum JSONPath {
    public static let root = "$"

    public static func property(_ name: String, of path: String) -> String {
        let plain = !name.isEmpty && name.first.map { $0.isLetter || $0 == "_" } == true
            && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
        return plain ? path + "." + name : path + "[\"" + name.replacingAll("\"", with: "\\\"") + "\"]"
    }

    public static func index(_ index: Int, of path: String) -> String { path + "[\(index)]" }

    /// Any item of an array, for the diff, which compares schemas, not values.
    public static func items(of path: String) -> String { path + "[*]" }
}
