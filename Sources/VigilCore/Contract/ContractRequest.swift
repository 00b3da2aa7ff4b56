/// The request that exercises one operation: its URL with the path parameters filled in and the
/// query built, and its header parameters. Values come from the check's `parameters`, else the
/// document's examples; a required parameter with neither is a violation, not a guess.
public struct ContractRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]

    public init(method: String, url: String, headers: [(name: String, value: String)]) {
        self.method = method
        self.url = url
        self.headers = headers
    }

    public static func make(_ operation: ContractOperation, base: String, values: [String: String]) -> Result<ContractRequest, ContractViolation> {
        var path = operation.path
        var query: [String] = []
        var headers: [(name: String, value: String)] = [("Accept", "application/json")]
        for parameter in operation.parameters {
            let configured = values[parameter.name]
            guard let value = configured ?? (parameter.required ? parameter.example : nil) else {
                if parameter.required {
                    return .failure(ContractViolation(operation: operation.id ?? operation.label,
                                                      message: "no value for the required \(parameter.location.rawValue) parameter \(parameter.name): give it in parameters"))
                }
                continue
            }
            switch parameter.location {
            case .path: path = path.replacingAll("{\(parameter.name)}", with: percentEncoded(value))
            case .query: query.append(percentEncoded(parameter.name) + "=" + percentEncoded(value))
            case .header: headers.append((parameter.name, value))
            case .cookie: headers.append(("Cookie", "\(parameter.name)=\(value)"))
            }
        }
        var url = (base.hasSuffix("/") ? String(base.dropLast()) : base) + path
        if !query.isEmpty { url += "?" + query.joined(separator: "&") }
        return .success(ContractRequest(method: operation.method, url: url, headers: headers))
    }

    /// RFC 3986's unreserved characters as they are, every other byte as %XX.
    static func percentEncoded(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            if (byte < 0x80 && (Character(scalar).isLetter || Character(scalar).isNumber)) || "-._~".unicodeScalars.contains(scalar) {
                result.unicodeScalars.append(scalar)
            } else {
                result += "%" + NumberText.hex([byte]).uppercased()
            }
        }
        return result
    }
}
