import WinnowCore

extension EvaluationReport {
    /// The report as one JSON object: `overall`, `macro_f1`, and `training_points` with their failures.
    public var json: JSONValue {
        [
            "overall": Self.json(overall),
            "macro_f1": ["before": .number(Self.rounded(macroF1Before)), "after": .number(Self.rounded(macroF1After))],
            "interval": "95% Newcombe paired-difference interval from Wilson score limits (method 10)",
            "training_points": .array(points.map(Self.json)),
        ]
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
            (
                "change",
                [
                    "estimate": .number(rounded(point.change.estimate)), "lower": .number(rounded(point.change.lower)),
                    "upper": .number(rounded(point.change.upper)),
                ]
            ),
        ]
        if point.trainingPoint != nil {
            members.append(
                (
                    "failures",
                    .array(
                        point.failures.map { failure in
                            [
                                "index": .number(Double(failure.index)), "text": .string(failure.text),
                                "label": .string(failure.label), "predicted": .string(failure.predicted),
                                "probability": .number(rounded(Double(failure.probability))),
                                "right_before": .bool(failure.rightBefore),
                                "nearest_training_examples": .array(
                                    failure.nearest.map {
                                        [
                                            "index": .number(Double($0.index)), "text": .string($0.text),
                                            "label": .string($0.label),
                                            "similarity": .number(rounded(Double($0.similarity))),
                                        ]
                                    }),
                            ]
                        })
                ))
        }
        return .object(JSONObject(members))
    }

    /// Four decimals, enough for accuracies over thousands of cases.
    static func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
}
