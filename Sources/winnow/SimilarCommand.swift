import ArgumentParser
import Foundation
import WinnowApp
import WinnowCore
import WinnowEncoder
import WinnowStore

/// `winnow similar ID`: nearest examples by cosine.
struct SimilarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "similar", abstract: "The examples most similar to one example (needs `winnow embed`).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The example id.")
    var id: Int64

    @Option(help: "How many neighbours.")
    var k = 10

    func run() throws {
        try reportingFailures {
            let store = try global.openStore()
            let model = try NeighbourSearch.modelID()
            let matrix = try store.embeddings(model: model)
            guard let row = matrix.exampleIDs.firstIndex(of: id) else {
                _ = try store.example(id: id)
                throw Failure.input("example \(id) has no embedding yet: run `winnow embed`")
            }
            let neighbours = EmbeddingService.nearest(
                to: Array(matrix.row(row)), in: matrix, k: k, excluding: id)
            try NeighbourSearch.emit(neighbours, store: store, global: global)
        }
    }
}

/// `winnow search TEXT`: examples nearest to a text.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "The examples most similar to a text (needs `winnow embed`).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The text to search for.")
    var text: String

    @Option(help: "How many results.")
    var k = 10

    func run() throws {
        try reportingFailures {
            let store = try global.openStore()
            let service: EmbeddingService
            do {
                service = try EmbeddingService()
            } catch let error as ModelError {
                throw Failure.input(error.description)
            }
            let matrix = try store.embeddings(model: service.modelID)
            guard !matrix.exampleIDs.isEmpty else { throw Failure.input("no embeddings yet: run `winnow embed`") }
            let query = try service.encoder.embed([text])[0]
            try NeighbourSearch.emit(
                EmbeddingService.nearest(to: query, in: matrix, k: k), store: store, global: global)
        }
    }
}

/// Shared output of `similar` and `search`.
enum NeighbourSearch {
    static func modelID() throws -> String {
        do {
            return try ModelStore().locate().lastPathComponent
        } catch {
            throw Failure.input(error.description)
        }
    }

    static func emit(_ neighbours: [Neighbour], store: Store, global: GlobalOptions) throws {
        let examples = try neighbours.map { try store.example(id: $0.exampleID) }
        let json = JSONValue.array(
            zip(neighbours, examples).map { neighbour, example in
                [
                    "id": .number(Double(neighbour.exampleID)), "score": .number(Double(neighbour.score)),
                    "label": example.effectiveLabel.map(JSONValue.string) ?? .null, "input": .string(example.input),
                ]
            })
        global.emit(["results": json]) {
            zip(neighbours, examples).map { neighbour, example in
                String(format: "%.3f", neighbour.score) + "  #\(example.id)  "
                    + "\(TextTable.cell(example.effectiveLabel ?? "-", 12)) \(TextTable.clip(example.input, 70))"
            }.joined(separator: "\n")
        }
    }
}
