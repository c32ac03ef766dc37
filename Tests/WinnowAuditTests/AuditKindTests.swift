import Testing
import WinnowAudit
import WinnowLinalg

@Suite("Label audits")
struct AuditKindTests {
    @Test("placeholder compiles")
    func compiles() {
        #expect(LabelTaxonomy.normalizedLabel("Bill ing!") == "billing")
    }
}
