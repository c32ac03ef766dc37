/// Why an export cannot be written where asked.
public enum ExportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The output path is a file, not a directory.
    case notADirectory(String)
    /// The directory has files and `--force` was not given.
    case notEmpty(String)
    /// The directory has files that no export wrote (no manifest.json): not replaced even with `--force`.
    case notAnExport(String)
    /// A file system call failed.
    case io(path: String, message: String)

    public var description: String {
        switch self {
        case .notADirectory(let path): return "\(path) exists and is not a directory"
        case .notEmpty(let path):
            return "\(path) is not empty: pass --force to replace an earlier export there, or choose another --out"
        case .notAnExport(let path):
            return "\(path) holds files that no export wrote (it has no manifest.json): refusing to replace it, "
                + "even with --force; choose another --out"
        case .io(let path, let message): return "\(path): \(message)"
        }
    }
}
