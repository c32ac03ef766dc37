/// The element types a safetensors header may name, with their sizes.
public enum SafetensorsDType: String, Sendable, Equatable, CaseIterable {
    /// 64-bit float.
    case f64 = "F64"
    /// 32-bit float (IEEE binary32).
    case f32 = "F32"
    /// 16-bit float (IEEE binary16).
    case f16 = "F16"
    /// bfloat16: the upper half of a binary32.
    case bf16 = "BF16"
    /// 64-bit signed integer.
    case i64 = "I64"
    /// 32-bit signed integer.
    case i32 = "I32"
    /// 16-bit signed integer.
    case i16 = "I16"
    /// 8-bit signed integer.
    case i8 = "I8"
    /// 8-bit unsigned integer.
    case u8 = "U8"
    /// Boolean, one byte.
    case bool = "BOOL"

    /// Bytes per element.
    public var byteSize: Int {
        switch self {
        case .f64, .i64: 8
        case .f32, .i32: 4
        case .f16, .bf16, .i16: 2
        case .i8, .u8, .bool: 1
        }
    }

    /// Whether ``SafetensorsFile`` converts this type to `Float` (F32, F16, BF16).
    public var convertsToFloat: Bool { self == .f32 || self == .f16 || self == .bf16 }

    /// The binary16 value with bit pattern `bits`, widened to `Float` (subnormals, infinities and NaN included).
    public static func floatFromHalf(_ bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = UInt32(bits >> 10) & 0x1F
        let mantissa = UInt32(bits & 0x3FF)
        if exponent == 0x1F { return Float(bitPattern: sign | 0x7F80_0000 | mantissa << 13) }
        if exponent != 0 { return Float(bitPattern: sign | (exponent + 112) << 23 | mantissa << 13) }
        let magnitude = Float(mantissa) * 0x1p-24
        return sign == 0 ? magnitude : -magnitude
    }

    /// The bfloat16 value with bit pattern `bits`, widened to `Float`.
    public static func floatFromBFloat16(_ bits: UInt16) -> Float {
        Float(bitPattern: UInt32(bits) << 16)
    }
}
