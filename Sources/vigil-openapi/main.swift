import Foundation
import VigilContract
import VigilCore

// vigil-openapi FILE: reads an OpenAPI document (3.0 or 3.1, JSON or YAML) and prints it as the
// contract model Vigil's checks read, in JSON. Run by `vigil` itself, in a process of its own,
// so that the daemon carries no YAML parser and a hostile document cannot take it down.
// vigil-openapi --stdin NAME: the same for a document on standard input (fetched from NAME, a URL).
let arguments = Array(CommandLine.arguments.dropFirst())
let fromStandardInput = arguments.count == 2 && arguments[0] == "--stdin"
guard fromStandardInput || arguments.count == 1 && !arguments[0].hasPrefix("-") else {
    FileHandle.standardError.write(Data("""
        usage: vigil-openapi FILE
               vigil-openapi --stdin NAME
        reads an OpenAPI 3.0 or 3.1 document (JSON or YAML) and prints Vigil's contract model of it as JSON

        """.utf8))
    exit(64)
}
let path = arguments.last!
let text: String
do {
    text = fromStandardInput ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        : try String(contentsOfFile: path, encoding: .utf8)
} catch {
    let reason = (error as NSError).code == NSFileReadNoSuchFileError ? "no such file" : "cannot be read"
    FileHandle.standardError.write(Data("\(path): \(reason)\n".utf8))
    exit(66)
}
do {
    let document = try OpenAPIDocumentReader.read(text, name: path)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    FileHandle.standardOutput.write(try encoder.encode(document))
} catch let failure as OpenAPIDocumentReader.Failure {
    FileHandle.standardError.write(Data((failure.description + "\n").utf8))
    exit(65)
}
