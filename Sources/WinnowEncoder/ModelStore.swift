import Foundation

/// Where the embedding model lives on disk, and whether it is there.
///
/// The directory is `$WINNOW_HOME` when set, else `~/.cache/winnow/models/all-MiniLM-L6-v2`. It holds a
/// sentence-transformers BERT model: at least `config.json`, `vocab.txt` and `model.safetensors`.
public struct ModelStore: Sendable, Equatable {
    /// Files a model directory must hold.
    public static let requiredFiles = ["config.json", "vocab.txt", "model.safetensors"]

    /// The model directory.
    public let directory: URL

    /// A store at `directory`.
    public init(directory: URL) {
        self.directory = directory
    }

    /// The default store: `$WINNOW_HOME`, else `~/.cache/winnow/models/all-MiniLM-L6-v2` under `$HOME`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let home = environment["WINNOW_HOME"], !home.isEmpty {
            directory = URL(fileURLWithPath: home, isDirectory: true)
        } else {
            let userHome =
                environment["HOME"].map { URL(fileURLWithPath: $0, isDirectory: true) }
                ?? FileManager.default.homeDirectoryForCurrentUser
            directory = userHome.appendingPathComponent(".cache/winnow/models/all-MiniLM-L6-v2", isDirectory: true)
        }
    }

    /// The installed model directory, or a ``ModelError`` telling to run `winnow model fetch`.
    public func locate() throws(ModelError) -> URL {
        let missing = Self.missingFiles(in: directory)
        guard missing.isEmpty else {
            let what =
                missing.count == Self.requiredFiles.count
                ? "no embedding model is installed"
                : "the model is incomplete (missing \(missing.joined(separator: ", ")))"
            throw ModelError(
                .notInstalled, file: directory.path,
                "\(what); run `winnow model fetch` (or set WINNOW_HOME to a model directory)")
        }
        return directory
    }

    /// Required files absent from `directory`.
    public static func missingFiles(in directory: URL) -> [String] {
        requiredFiles.filter { !FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path) }
    }

    /// Checks that `directory` holds a BERT model this package can load: the required files, a BERT
    /// `config.json`, a vocabulary with the special tokens, and a safetensors file with every weight.
    public static func validateModel(at directory: URL) throws(ModelError) {
        let missing = missingFiles(in: directory)
        guard missing.isEmpty else {
            throw ModelError(
                .missingFile, file: directory.path,
                "not a sentence-transformers BERT model directory: missing \(missing.joined(separator: ", "))")
        }
        _ = try SentenceEncoder(modelDirectory: directory, threads: nil)
    }
}
