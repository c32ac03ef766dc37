import WinnowCore

extension CleanedReply {
    /// The parts the cleaner removed, under the metadata keys every importer uses: `removed_quotes`,
    /// `removed_forwarded`, `removed_signatures`, `removed_disclaimers`, `removed_banners` (each an array of strings,
    /// absent when empty).
    public var removedMetadata: JSONObject {
        var metadata = JSONObject()
        let parts = [
            ("removed_quotes", quoted), ("removed_forwarded", forwarded), ("removed_signatures", signatures),
            ("removed_disclaimers", disclaimers), ("removed_banners", banners),
        ]
        for (key, values) in parts where !values.isEmpty {
            metadata[key] = .array(values.map(JSONValue.string))
        }
        return metadata
    }
}
