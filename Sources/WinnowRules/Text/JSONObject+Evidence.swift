import WinnowCore

extension JSONObject {
    /// An evidence object from literal pairs, in order.
    static func evidence(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONObject {
        JSONObject(pairs.map { (key: $0.key, value: $0.value) })
    }
}
