import ArgumentParser
import Foundation
import WinnowCore
import WinnowExport

/// `winnow-bench tokens`: the export's token estimate for each text of a JSON array, to compare with the real
/// cl100k_base tokenizer (Benchmarks/python/token_estimate.py).
struct TokensBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens", abstract: "Print the cl100k-like token estimate of each text in a JSON array.")

    @Argument(help: "A JSON file holding an array of strings.")
    var texts: String

    func run() throws {
        let text = try String(contentsOfFile: texts, encoding: .utf8)
        guard let items = try JSONParser.parse(text).arrayValue else {
            throw ValidationError("\(texts) must hold a JSON array of strings")
        }
        let estimates = items.map { JSONValue.number(Double(TokenEstimator.estimate($0.scalarText ?? ""))) }
        print(JSONValue.array(estimates).serialized)
    }
}
