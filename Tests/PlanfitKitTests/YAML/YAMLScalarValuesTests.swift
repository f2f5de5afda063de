import Testing
@testable import PlanfitKit

/// YAML 1.1 readings of scalars, as the config file has always read them, and the tags the
/// duplicate-key check tells keys apart by.
@Suite struct YAMLScalarValuesTests {
    func value(_ text: String) throws -> YAMLNode {
        try #require(try YAMLComposer().compose("v: \(text)\n")?.mapping?.first?.value)
    }

    @Test func booleans() throws {
        for text in ["true", "yes", "On", "TRUE", "tRuE"] { #expect(try value(text).bool == true, "\(text)") }
        for text in ["false", "no", "OFF"] { #expect(try value(text).bool == false, "\(text)") }
        for text in ["'yes'", "\"true\"", "!!str yes", "1", "y", ""] { #expect(try value(text).bool == nil, "\(text)") }
        #expect(try value("! yes").bool == true, "`!` is not a string tag")
    }

    @Test func wholeNumbers() throws {
        let cases: [(String, Int?)] = [("5", 5), ("+5", 5), ("-5", -5), ("1_000", 1000), ("0x1F", 31), ("0b101", 5), ("0o17", 15),
                                       ("017", 15), ("09", nil), ("1:30", 90), ("-1:30", -90), ("'5'", nil), ("5.0", nil), ("0", 0),
                                       ("99999999999999999999", nil), ("1:0:0:0:0:0:0:0:0:0:0:0", nil)]
        for (text, expected) in cases { #expect(try value(text).int == expected, "\(text)") }
    }

    @Test func numbers() throws {
        let cases: [(String, Double?)] = [("1.5", 1.5), ("1e3", 1000), ("1_0.5", 10.5), ("1:30.5", 90.5), ("-.inf", -.infinity),
                                          (".Inf", .infinity), ("'1.5'", nil), ("x", nil), ("09", 9)]
        for (text, expected) in cases { #expect(try value(text).float == expected, "\(text)") }
        #expect(try value(".nan").float?.isNaN == true)
    }

    /// Yams' default resolver, rule by rule.
    @Test func plainScalarsResolveToTags() {
        let cases: [(String, String)] = [
            ("yes", "bool"), ("Off", "bool"), ("oN", "str"), ("12", "int"), ("-0x1f", "int"), ("0b1_0", "int"), ("0o7", "int"), ("07", "int"),
            ("08", "float"), ("1_000", "int"), ("1:59", "int"), ("1:60", "str"), ("0:30", "str"), ("0:30.5", "float"), ("1.5", "float"), ("1e5", "float"),
            (".5", "float"), (".5e+3", "float"), (".5e3", "str"), ("1:30.5", "float"), ("-.INF", "float"), (".NaN", "float"), ("+.nan", "str"),
            ("<<", "merge"), ("", "null"), ("~", "null"), ("Null", "null"), ("nULL", "str"), ("2001-12-14", "timestamp"),
            ("2001-1-1 1:00:00", "timestamp"), ("2001-12-14t21:59:43.10-05:00", "timestamp"), ("2001-12-14 21:59:43.10 Z", "timestamp"),
            ("2001-1-1", "str"), ("2001-12-14 21:59:43 ", "str"), ("=", "value"), ("1 2", "str"), ("١٢", "str"),
        ]
        for (text, tag) in cases {
            #expect(YAMLTagResolution.resolve(text) == "tag:yaml.org,2002:\(tag)", "\(text)")
        }
    }
}
