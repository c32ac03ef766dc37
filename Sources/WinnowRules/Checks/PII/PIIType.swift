/// The kinds of personal data and secrets the `pii` kind finds.
public enum PIIType: String, Sendable, CaseIterable, Codable {
    /// E-mail addresses.
    case email
    /// Phone numbers, international (`+44 20 7946 0958`) and national (`(555) 123-4567`, `020 7946 0958`).
    case phone
    /// Payment card numbers that pass the Luhn check and start like a card brand.
    case card
    /// IBANs that pass the mod-97 check.
    case iban
    /// IPv4 and IPv6 addresses.
    case ip
    /// Street addresses (`221 Baker Street`), as found in signatures.
    case address
    /// API keys, tokens, private keys and passwords written in the text.
    case secret
    /// Social media handles opening a reply or a line (`@sprintcare @115712 ...`).
    case handle

    /// The placeholder type a redaction uses: `[EMAIL_1]`.
    public var placeholder: String {
        switch self {
        case .ip: return "IP"
        default: return rawValue.uppercased()
        }
    }

    /// The type in words, for messages.
    var noun: String {
        switch self {
        case .email: return "e-mail address"
        case .phone: return "phone number"
        case .card: return "payment card number"
        case .iban: return "IBAN"
        case .ip: return "IP address"
        case .address: return "street address"
        case .secret: return "secret (password, key or token)"
        case .handle: return "social media handle"
        }
    }
}
