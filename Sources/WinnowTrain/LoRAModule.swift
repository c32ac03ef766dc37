import WinnowLinalg

/// Which dense layer of which encoder layer an update belongs to.
public struct LoRAModuleKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Encoder layer index, from 0.
    public var layer: Int
    /// The dense layer inside it.
    public var target: LoRATarget

    /// A key from its parts.
    public init(layer: Int, target: LoRATarget) {
        self.layer = layer
        self.target = target
    }

    /// The module's path in a Hugging Face `BertModel`: `encoder.layer.N.attention.self.query`.
    public var modulePath: String { "encoder.layer.\(layer).\(target.modulePath)" }

    /// `encoder.layer.N.…`.
    public var description: String { modulePath }

    /// Layer first, then forward order.
    public static func < (left: LoRAModuleKey, right: LoRAModuleKey) -> Bool {
        (left.layer, left.target.order) < (right.layer, right.target.order)
    }
}

/// One low-rank update `scaling · B A` of a dense layer's weight.
public struct LoRAModule: Sendable, Equatable {
    /// `A`: `[rank, inputs]`.
    public var a: Matrix
    /// `B`: `[outputs, rank]`.
    public var b: Matrix
    /// The factor applied to `B A` (`alpha / rank`, or `alpha / √rank` for rank-stabilised adapters).
    public var scaling: Float

    /// An update from its parts; `a.rows` must equal `b.columns`.
    public init(a: Matrix, b: Matrix, scaling: Float) {
        precondition(a.rows == b.columns, "A has \(a.rows) rows but B has \(b.columns) columns")
        self.a = a
        self.b = b
        self.scaling = scaling
    }

    /// The rank.
    public var rank: Int { a.rows }

    /// `weight + scaling · B A`, the dense weight with the update applied (`[outputs, inputs]`).
    public func merged(into weight: Matrix) -> Matrix {
        precondition(weight.rows == b.rows && weight.columns == a.columns, "update does not fit the weight")
        var result = weight
        result.multiply(b, by: a, alpha: scaling, beta: 1)
        return result
    }
}
