import WinnowCore

/// What writing the part files produced.
public struct ExportResult: Sendable, Equatable {
    /// The part files, train first.
    public var files: [ExportedFile]
    /// OpenAI's data-preparation checks per chat file (empty for other formats).
    public var checks: [ChatFileReport]
    /// Chat examples whose assistant turn is the label.
    public var labelAnswers: Int

    /// Whether a chat file would be rejected by the fine-tuning API.
    public var hasFormatErrors: Bool { checks.contains(where: \.hasFormatErrors) }
}

/// Writes records into the three part files of an export directory, hashing each file as it is written and,
/// for chat files, running OpenAI's data-preparation checks on every line written.
public struct ExportWriter: Sendable {
    /// How records become lines.
    public var encoder: ExportEncoder

    /// A writer using `encoder`.
    public init(encoder: ExportEncoder) {
        self.encoder = encoder
    }

    /// Writes `records` (in any order) into `train`, `validation` and `test` files in `directory`'s staging area;
    /// all three files are written, empty ones too.
    public func write(_ records: [ExportRecord], into directory: ExportDirectory) throws -> ExportResult {
        var files: [ExportedFile] = []
        var checks: [ChatFileReport] = []
        var labelAnswers = 0
        for part in SplitPart.allCases {
            let name = encoder.format.fileName(for: part)
            let writer = try HashingFileWriter(url: directory.file(name))
            var check = ChatFileCheck(file: name)
            var labels: [String: Int] = [:]
            var trainingPoints: [String: Int] = [:]
            var count = 0
            if let header = encoder.header { try writer.write(header) }
            for record in records where record.part == part {
                let line = encoder.line(for: record)
                try writer.write(line)
                count += 1
                labels[record.label ?? "(none)", default: 0] += 1
                trainingPoints[record.trainingPoint ?? "(none)", default: 0] += 1
                if encoder.format == .openAIChat {
                    check.check(line: String(line.dropLast()), number: count)
                    if record.answersWithLabel(target: encoder.target) { labelAnswers += 1 }
                }
            }
            let hash = try writer.finish()
            files.append(
                ExportedFile(
                    part: part, name: name, examples: count, bytes: writer.byteCount, sha256: hash, labels: labels,
                    trainingPoints: trainingPoints))
            if encoder.format == .openAIChat { checks.append(check.result) }
        }
        return ExportResult(files: files, checks: checks, labelAnswers: labelAnswers)
    }
}
