extension String {
    /// The string without leading and trailing spaces and tabs: what `trimmingCharacters(in: .whitespaces)` removes
    /// (Unicode's space separators and the tab, not line breaks), without a trip through NSString, since a
    /// conversation import trims several fields of every row. Returns the string itself when there is nothing to
    /// trim, the common case.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return self }
        if !Self.isSpace(first) && !Self.isSpace(last) { return self }
        guard let start = scalars.firstIndex(where: { !Self.isSpace($0) }) else { return "" }
        var end = scalars.endIndex
        while end > start {
            let before = scalars.index(before: end)
            guard Self.isSpace(scalars[before]) else { break }
            end = before
        }
        return String(scalars[start..<end])
    }

    /// A member of `CharacterSet.whitespaces`: general category Zs, or the tab.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar == " " || scalar == "\t" }
        return scalar.properties.generalCategory == .spaceSeparator
    }
}
