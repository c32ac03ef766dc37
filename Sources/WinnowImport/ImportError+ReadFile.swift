import Foundation
import WinnowCore

extension ImportError {
    /// The bytes of a file read whole (an HTML page, an .eml message); an unreadable file throws an error of kind
    /// `unreadableFile` naming it.
    static func readWholeFile(_ file: URL, displayPath: String) throws -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: file))
        } catch {
            throw ImportError(
                kind: .unreadableFile, file: displayPath, message: "cannot read the file: \(error.localizedDescription)"
            )
        }
    }
}
