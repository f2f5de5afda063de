import Testing
@testable import PlanfitKit

/// `Double.formatted` builds every hours figure in messages and tables; it must give text for any
/// Double (issue 9: it trapped converting 1e19 to Int).
@Suite struct NumberFormattingTests {
    @Test func ordinaryValuesKeepTheirShape() {
        #expect(24.0.formatted == "24")
        #expect(7.5.formatted == "7.5")
        #expect(0.0.formatted == "0")
        #expect((-18.0).formatted == "-18")
    }

    @Test(arguments: [1e15, 1e19, -1e19, 9.223372036854775808e18, Double.greatestFiniteMagnitude,
                      Double.infinity, -Double.infinity, Double.nan])
    func extremeValuesGiveTextNotATrap(value: Double) {
        #expect(!value.formatted.isEmpty)
    }

    @Test func hugeValuesUseScientificNotation() {
        #expect(1e19.formatted == "1.000e+19")
        #expect(Double.infinity.formatted == "infinity")
        #expect(Double.nan.formatted == "NaN")
    }
}
