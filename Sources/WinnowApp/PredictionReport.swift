import Foundation
import WinnowCore
import WinnowTrain

/// What `winnow predict` found: the most probable labels of each text.
public struct PredictionReport: Sendable {
    /// The adapter directory used.
    public var adapter: String
    /// The texts, in input order.
    public var texts: [String]
    /// One prediction per text.
    public var predictions: [Prediction]

    /// Classifies `texts` with the adapter at `directory`, keeping the `top` most probable labels of each.
    public init(service: TrainingService, adapter directory: URL, texts: [String], top: Int) throws(TrainingError) {
        let adapter = try service.loadAdapter(at: directory)
        self.adapter = directory.path
        self.texts = texts
        predictions = service.classifier(adapter).predict(texts, top: top)
    }

    /// `{"adapter": …, "predictions": [{"text", "label", "probability", "top": [{"label", "probability"}]}]}`.
    public var json: JSONValue {
        func probability(_ value: Float) -> JSONValue { .number((Double(value) * 10_000).rounded() / 10_000) }
        return [
            "adapter": .string(adapter),
            "predictions": .array(
                zip(texts, predictions).map { text, prediction in
                    [
                        "text": .string(text), "label": .string(prediction.label),
                        "probability": probability(prediction.probability),
                        "top": .array(
                            prediction.ranked.map {
                                ["label": .string($0.label), "probability": probability($0.probability)]
                            }),
                    ]
                }),
        ]
    }

    /// One line per text: the label and its probability, the runners-up, the text.
    public var text: String {
        zip(texts, predictions).map { text, prediction in
            let ranked = prediction.ranked.map { String(format: "%@ %.2f", $0.label as NSString, $0.probability) }
            return ranked.joined(separator: ", ") + "  " + Self.clip(text, 60)
        }.joined(separator: "\n")
    }

    private static func clip(_ text: String, _ width: Int) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        return flat.count > width ? String(flat.prefix(width - 1)) + "…" : flat
    }
}
