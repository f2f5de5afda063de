import Foundation
import Testing
@testable import PlanfitKit

@Suite struct CacheAgeTests {
    @Test(arguments: [("90m", 5_400.0), ("12h", 43_200.0), ("30d", 2_592_000.0), ("2w", 1_209_600.0)])
    func everyUnitParses(text: String, seconds: Double) throws {
        let age = try CacheAge(parsing: text)
        #expect(age.seconds == seconds)
        #expect(age.description == text)
    }

    @Test func theCutoffLiesThatAgeBeforeNow() throws {
        let now = Date(timeIntervalSince1970: 2_000_000_000)
        #expect(try CacheAge(parsing: "1d").cutoff(before: now) == Date(timeIntervalSince1970: 2_000_000_000 - 86_400))
    }

    @Test(arguments: ["", "30", "d", "30x", "-1d", "0d", "1.5h", "30 d", "d30", "+3d", "99999999w"])
    func badAgesAreUsageErrorsNamingTheForms(text: String) {
        let error = thrownError { _ = try CacheAge(parsing: text) } as? CacheAgeError
        #expect(error == CacheAgeError(text: text))
        #expect(error?.exitStatus == .usage)
        #expect(error?.description.contains("90m, 12h, 30d or 2w") == true)
    }
}
