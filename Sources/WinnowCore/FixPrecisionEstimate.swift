/// How precise a label audit's suggested fixes are at each confidence, measured on the user's own data by planting
/// label flips whose truth is known (`winnow audit` stores one with its run).
///
/// A band's precision is the share of its suggestions expected to be correct fixes: the estimated number of wrong
/// labels times the share of planted flips the audit restores to their own label in that band, over the band's
/// suggestions.
public struct FixPrecisionEstimate: Sendable, Equatable {
    /// One confidence band, `lower ..< upper` (the top band includes 1).
    public struct Band: Sendable, Equatable {
        /// The lowest confidence in the band.
        public var lower: Double
        /// The confidence the band stops below.
        public var upper: Double
        /// Suggestions in the band.
        public var suggestions: Int
        /// The correct fixes expected among them. An expectation, so it may come out above `suggestions` where a
        /// band's suggestions are nearly all right (``precision`` then reads 1); kept uncapped so that bands add up
        /// without a bias.
        public var correct: Int

        /// A band.
        public init(lower: Double, upper: Double, suggestions: Int, correct: Int) {
            self.lower = lower
            self.upper = upper
            self.suggestions = suggestions
            self.correct = correct
        }

        /// `correct / suggestions`, at most 1; nil without suggestions.
        public var precision: Double? { suggestions > 0 ? min(1, Double(correct) / Double(suggestions)) : nil }
    }

    /// The band edges: below 0.3, then steps of 0.1 up to 1.
    public static let edges = [0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]

    /// A band's precision counts only from this many suggestions on.
    public static let minimumSuggestions = 5

    /// The bands, lowest first.
    public var bands: [Band]
    /// Planted flips weighed (each learnable row to each other learnable label).
    public var planted: Int
    /// The number of wrong labels the audit estimated, which scales every band.
    public var estimatedWrongLabels: Int
    /// Whether the flips were planted as the audit's confident joint spreads the wrong labels over the labels
    /// (mistakes between similar labels) instead of evenly: the data's wrong labels did not look like random flips.
    /// Such an estimate guides a person's review but sets no threshold for unattended relabels
    /// (``threshold(minimumPrecision:)``).
    public var plantedLikeConfusions: Bool

    /// An estimate.
    public init(bands: [Band], planted: Int, estimatedWrongLabels: Int, plantedLikeConfusions: Bool = false) {
        self.bands = bands
        self.planted = planted
        self.estimatedWrongLabels = estimatedWrongLabels
        self.plantedLikeConfusions = plantedLikeConfusions
    }

    /// `1,900 flips planted, 300 wrong labels estimated`.
    public var provenance: String {
        "\(planted) flips planted\(plantedLikeConfusions ? " like the audit's confusions" : ""), "
            + "\(estimatedWrongLabels) wrong labels estimated"
    }

    /// Why no threshold is set for unattended relabels although bands may reach the precision asked; nil when the
    /// estimate can set one.
    public var caution: String? {
        plantedLikeConfusions
            ? "the wrong labels look like mistakes between similar labels, not random flips, so the precision was "
                + "measured with flips planted like the audit's confusions: a guide for review, not precise enough "
                + "to relabel unattended"
            : nil
    }

    /// Why nothing could be measured, when nothing was: no flips planted (fewer than two labels have the examples
    /// the audit needs to learn them) or no suggested labels at all; nil when there are suggestions to measure.
    public var unmeasured: String? {
        if planted == 0 {
            return "fewer than two labels have the examples the audit needs to learn a label (5 by default), so no"
                + " mistakes could be planted to measure it"
        }
        return bands.allSatisfy { $0.suggestions == 0 } ? "the audit suggested no labels" : nil
    }

    /// The index of the band holding `confidence`.
    public static func bandIndex(of confidence: Double) -> Int {
        let inner = edges.dropFirst().dropLast()
        return inner.firstIndex { confidence < $0 }.map { $0 - 1 } ?? edges.count - 2
    }

    /// The precision of the band holding `confidence`; nil when it has no suggestions.
    public func precision(at confidence: Double) -> Double? {
        let index = Self.bandIndex(of: confidence)
        return bands.indices.contains(index) ? bands[index].precision : nil
    }

    /// The lowest band edge from which the suggestions, all together, reach `minimumPrecision` on at least
    /// ``minimumSuggestions`` of them, even one standard error below the estimate (``cautiousPrecision(from:)``),
    /// with no band there under ``bandFloor(minimumPrecision:)`` on its own; nil when no band does.
    ///
    /// The precision of the fixes made from a confidence up is what relabelling them unattended risks, and it is
    /// also the steadier reading: a band's own estimate is an expectation set against the suggestions the band
    /// happened to get, which on BANKING77 with 15% flips strayed up to 7 points from the truth, both ways. The
    /// standard error is taken off because the threshold is the lowest edge whose estimate passes, so it lands
    /// where the estimate happens to run high: on BANKING77 subsets of 20, 40 and 80 examples per intent with 15%
    /// and 25% flips, the point estimate's threshold relabelled at 84% to 100% right (median 94.5%) against the 95%
    /// asked, and with the error taken off at 93% to 100% (median 97%; BENCHMARKS.md, "Relabel precision on smaller
    /// data").
    ///
    /// No band in the pool may be estimated more than three times as wrong as the pool is allowed to be (for 0.95,
    /// under 0.85 on its own: ``bandFloor(minimumPrecision:)``), so that bands the estimate puts well above their
    /// suggestions (an expected count over 100%) cannot carry weak bands below them. On 11 broad labels made from
    /// BANKING77's intents the planted flips came back a band lower than the real ones (0.8-0.9 estimated at 109%,
    /// truly 96%; 0.9-1.0 at 94%, truly 99%), and the pool carried bands estimated at 48-61% into relabels that were
    /// 89.9-93.4% right; with the floor, 94.6-96.0%, and every threshold on the 77 intents (subsets of 20, 40 and 80
    /// per intent and the full set, 24 runs) stays where it was (BENCHMARKS.md, "Other label sets").
    ///
    /// An estimate planted like the audit's confusions (``plantedLikeConfusions``) sets no threshold: on BANKING77
    /// with flips to one of the three nearest intents, its precision pooled from a band up was from 20 points under
    /// the truth to 9 over, and the thresholds it would have set relabelled 91%, 94% and 97% right (BENCHMARKS.md,
    /// "Wrong labels between similar labels").
    public func threshold(minimumPrecision: Double) -> Double? {
        guard !plantedLikeConfusions else { return nil }
        let floor = Self.bandFloor(minimumPrecision: minimumPrecision)
        var found: Double?
        for band in bands where band.suggestions > 0 {
            let pool = pooled(from: band.lower)
            guard pool.suggestions >= Self.minimumSuggestions, let precision = cautiousPrecision(from: band.lower),
                precision >= minimumPrecision
            else { continue }
            let weak = bands.contains { other in
                other.lower >= band.lower && other.suggestions >= Self.minimumSuggestions
                    && (other.precision ?? 1) < floor
            }
            if weak { continue }
            found = band.lower
            break
        }
        return found
    }

    /// The lowest precision a band relabelled from a threshold may have on its own: three times the error the pool
    /// is allowed (0.85 for 0.95, 0.7 for 0.9).
    public static func bandFloor(minimumPrecision: Double) -> Double {
        // Rounded to nine places so that 0.95 gives 0.85, not the 0.8499... of binary arithmetic.
        (max(0, 1 - 3 * (1 - minimumPrecision)) * 1e9).rounded() / 1e9
    }

    /// Precision over every band from `confidence` up less one standard error, at most 1; nil without suggestions
    /// there.
    ///
    /// Each of the estimated wrong labels lands among these suggestions as a correct fix with the share `q` the
    /// planted flips measured, so the number of correct fixes varies like a binomial count: a standard error of
    /// `√(c · (1 − q))` for `c` expected fixes. The estimated number of wrong labels varies too (in the runs of
    /// BENCHMARKS.md within 10% of the truth at 20 to 40 examples per intent, 3% from 80 up), which this error leaves
    /// out: counted as well, it would stop every relabel on the full BANKING77 set at 25% flips, where the fixes are
    /// 96.5% right. An estimate stored without that number reads as `q` = 0, the wider error.
    public func cautiousPrecision(from confidence: Double) -> Double? {
        let pool = pooled(from: confidence)
        guard pool.suggestions > 0 else { return nil }
        let correct = Double(pool.correct)
        let share = estimatedWrongLabels > 0 ? min(1, correct / Double(estimatedWrongLabels)) : 0
        let error = (max(0, correct) * (1 - share)).squareRoot()
        return min(1, max(0, correct - error) / Double(pool.suggestions))
    }

    /// `estimated precision 0.970 there and above, 0.955 one standard error lower`: what relabelling from
    /// `threshold` up rests on, as `winnow curate` and `winnow review auto` print it.
    public func describe(threshold: Double) -> String {
        "estimated precision \(Self.format(precision(from: threshold) ?? 0, decimals: 3)) there and above, "
            + "\(Self.format(cautiousPrecision(from: threshold) ?? 0, decimals: 3)) one standard error lower"
    }

    /// Precision over every band from `confidence` up, at most 1; nil without suggestions there.
    public func precision(from confidence: Double) -> Double? {
        let pool = pooled(from: confidence)
        return pool.suggestions > 0 ? min(1, Double(pool.correct) / Double(pool.suggestions)) : nil
    }

    /// The suggestions and expected correct fixes of every band from `confidence` up.
    private func pooled(from confidence: Double) -> (suggestions: Int, correct: Int) {
        bands.filter { $0.lower >= confidence }.reduce((0, 0)) { ($0.0 + $1.suggestions, $0.1 + $1.correct) }
    }

    /// As stored with the audit run.
    public var json: JSONValue {
        var object = JSONObject()
        object["planted"] = .number(Double(planted))
        object["estimated_wrong_labels"] = .number(Double(estimatedWrongLabels))
        object["planted_like"] = .string(plantedLikeConfusions ? "confusions" : "random flips")
        object["bands"] = .array(
            bands.map { band in
                var entry = JSONObject()
                entry["from"] = .number(band.lower)
                entry["below"] = .number(band.upper)
                entry["suggestions"] = .number(Double(band.suggestions))
                entry["correct"] = .number(Double(band.correct))
                entry["precision"] = band.precision.map { .number(($0 * 1000).rounded() / 1000) } ?? .null
                return .object(entry)
            })
        return .object(object)
    }

    /// Reads what ``json`` wrote; nil when `value` is not such an object. An estimate stored by an earlier version
    /// (planted reruns: `runs` and `planted_per_run`) reads with their product as ``planted`` and no estimated
    /// number of wrong labels (0).
    public init?(json value: JSONValue) {
        guard case .object(let object) = value, case .array(let entries)? = object["bands"] else { return nil }
        let planted: Double
        if case .number(let count)? = object["planted"] {
            planted = count
        } else if case .number(let runs)? = object["runs"], case .number(let perRun)? = object["planted_per_run"] {
            planted = runs * perRun
        } else {
            return nil
        }
        var wrong = 0.0
        if case .number(let count)? = object["estimated_wrong_labels"] { wrong = count }
        var bands: [Band] = []
        for entry in entries {
            guard case .object(let band) = entry, case .number(let lower)? = band["from"],
                case .number(let upper)? = band["below"], case .number(let suggestions)? = band["suggestions"],
                case .number(let correct)? = band["correct"]
            else { return nil }
            bands.append(Band(lower: lower, upper: upper, suggestions: Int(suggestions), correct: Int(correct)))
        }
        self.init(
            bands: bands, planted: Int(planted), estimatedWrongLabels: Int(wrong),
            plantedLikeConfusions: object["planted_like"] == .string("confusions"))
    }

    /// `confidence 0.90-1.00: 0.98 (412 suggestions); ...`, bands with suggestions only (``unmeasured`` when there
    /// are none).
    public var summary: String {
        if let unmeasured { return "not measured: " + unmeasured }
        return bandsSummary
    }

    /// The bands with suggestions, highest first: `0.90-1.00: 100% of 68; 0.80-0.90: 95% of 388`.
    public var bandsSummary: String {
        bands.filter { $0.suggestions > 0 }.reversed().map { band in
            let precision = band.precision.map { String(Int(($0 * 100).rounded())) + "%" } ?? "-"
            return "\(Self.format(band.lower))-\(Self.format(band.upper)): \(precision) of \(band.suggestions)"
        }.joined(separator: "; ")
    }

    /// `value` (not negative) with `decimals` digits after the point.
    static func format(_ value: Double, decimals: Int = 2) -> String {
        var scale = 1
        for _ in 0..<decimals { scale *= 10 }
        let units = Int((value * Double(scale)).rounded())
        let fraction = String(units % scale)
        return "\(units / scale)." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }
}
