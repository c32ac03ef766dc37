import WinnowCore

extension EvaluationReport {
    /// The report as one JSON object: `overall`, `macro_f1`, and `training_points` with their failures.
    public var json: JSONValue {
        [
            "overall": Self.json(overall),
            "macro_f1": ["before": .number(Self.rounded(macroF1Before)), "after": .number(Self.rounded(macroF1After))],
            "interval": "95% Newcombe paired-difference interval from Wilson score limits (method 10)",
            "training_points": .array(points.map(Self.json)),
            "confusion": [
                "labels": .array(labels.map { .string($0) }),
                "rows": "true label", "columns": "predicted label",
                "before": .array(confusionBefore.map { .array($0.map { .number(Double($0)) }) }),
                "after": .array(confusionAfter.map { .array($0.map { .number(Double($0)) }) }),
            ],
        ]
    }

    /// `{"estimate", "lower", "upper"}`, rounded.
    static func json(_ interval: ProportionInterval) -> JSONValue {
        [
            "estimate": .number(rounded(interval.estimate)), "lower": .number(rounded(interval.lower)),
            "upper": .number(rounded(interval.upper)),
        ]
    }

    /// `{"id": N}` when the example came from a store, else nothing.
    static func id(_ id: Int64?) -> [(key: String, value: JSONValue)] {
        id.map { [("id", .number(Double($0)))] } ?? []
    }

    static func json(_ point: PointEvaluation) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = []
        if let name = point.trainingPoint { members.append(("training_point", .string(name))) }
        members += [
            ("test_cases", .number(Double(point.count))),
            ("correct_before", .number(Double(point.correctBefore))),
            ("correct_after", .number(Double(point.correctAfter))),
            ("accuracy_before", .number(rounded(point.accuracyBefore))),
            ("accuracy_after", .number(rounded(point.accuracyAfter))),
            ("accuracy_before_interval", json(.wilson(successes: point.correctBefore, trials: point.count))),
            ("accuracy_after_interval", json(.wilson(successes: point.correctAfter, trials: point.count))),
            ("change", json(point.change)),
        ]
        if point.trainingPoint != nil {
            members.append(("failures", .array(point.failures.map(json))))
        }
        return .object(JSONObject(members))
    }

    static func json(_ failure: EvaluationFailure) -> JSONValue {
        let nearest: [JSONValue] = failure.nearest.map { neighbour in
            .object(
                JSONObject(
                    id(neighbour.id) + [
                        ("index", .number(Double(neighbour.index))), ("text", .string(neighbour.text)),
                        ("label", .string(neighbour.label)),
                        ("similarity", .number(rounded(Double(neighbour.similarity)))),
                    ]))
        }
        return .object(
            JSONObject(
                id(failure.id) + [
                    ("index", .number(Double(failure.index))), ("text", .string(failure.text)),
                    ("label", .string(failure.label)), ("predicted", .string(failure.predicted)),
                    ("probability", .number(rounded(Double(failure.probability)))),
                    ("right_before", .bool(failure.rightBefore)), ("nearest_training_examples", .array(nearest)),
                ]))
    }

    /// Four decimals, enough for accuracies over thousands of cases.
    static func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
}
