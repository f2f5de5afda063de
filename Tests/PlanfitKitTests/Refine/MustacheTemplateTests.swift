import Testing
@testable import PlanfitKit

/// planfit's own Mustache renderer (it replaced swift-mustache): the spec's behaviour for what the
/// prompt templates and users' `--prompts` folders use, cases taken from the Mustache spec's
/// interpolation, sections, inverted and comments files.
@Suite struct MustacheTemplateTests {
    func render(_ template: String, _ context: [String: TemplateValue]) throws -> String {
        try MustacheTemplate(string: template).render(context)
    }

    @Test func variablesEscapeHTMLUnlessTripleOrAmpersand() throws {
        let context: [String: TemplateValue] = ["x": "<b>\"&'"]
        #expect(try render("{{x}}", context) == "&lt;b&gt;&quot;&amp;&#39;")
        #expect(try render("{{{x}}}|{{& x}}|{{ x }}", context) == "<b>\"&'|<b>\"&'|&lt;b&gt;&quot;&amp;&#39;")
        #expect(try render("[{{missing}}]", [:]) == "[]")
    }

    @Test func sectionsRepeatOverListsAndShowOnceForTrueOrText() throws {
        let items: TemplateValue = .list([.object(["text": "a"]), .object(["text": "b"])])
        #expect(try render("{{#items}}<{{text}}>{{/items}}", ["items": items]) == "<a><b>")
        #expect(try render("{{#on}}yes{{/on}}{{#off}}no{{/off}}", ["on": true, "off": false]) == "yes")
        #expect(try render("{{#name}}hi {{.}}{{/name}}", ["name": "ana"]) == "hi ana")
        #expect(try render("{{#items}}x{{/items}}", ["items": .list([])]) == "")
        // The outer context stays visible inside a section.
        #expect(try render("{{#items}}{{text}}{{sep}}{{/items}}", ["items": items, "sep": ","]) == "a,b,")
        #expect(try render("{{a.b.c}}", ["a": .object(["b": .object(["c": "deep"])])]) == "deep")
    }

    @Test func invertedSectionsShowForFalseEmptyOrMissing() throws {
        #expect(try render("{{^off}}shown{{/off}}", ["off": false]) == "shown")
        #expect(try render("{{^none}}shown{{/none}}", [:]) == "shown")
        #expect(try render("{{^items}}empty{{/items}}", ["items": .list([])]) == "empty")
        #expect(try render("{{^on}}hidden{{/on}}", ["on": true]) == "")
    }

    @Test func standaloneTagLinesDisappearWithTheirLineBreak() throws {
        let template = "begin\n  {{#on}}\n  line\n  {{/on}}\n{{! a comment }}\nend\n"
        #expect(try render(template, ["on": true]) == "begin\n  line\nend\n")
        #expect(try render("a\r\n{{#on}}\r\nb\r\n{{/on}}\r\nc", ["on": true]) == "a\r\nb\r\nc")
        // Not standalone: other text or a variable on the line keeps the whitespace and the break.
        #expect(try render("x {{#on}}y{{/on}}\n", ["on": true]) == "x y\n")
        #expect(try render("{{v}} {{#on}}\n{{/on}}", ["on": true, "v": "1"]) == "1 \n")
        #expect(try render("  {{#on}}\n|{{/on}}", ["on": false]) == "")
    }

    @Test func malformedTemplatesAreRefusedWithTheirLine() {
        func reason(_ template: String) -> MustacheSyntaxError? {
            do { _ = try MustacheTemplate(string: template); return nil } catch { return error }
        }
        #expect(reason("a\n{{#open}}never closed")?.line == 2)
        #expect(reason("{{/stray}}")?.reason.contains("unexpected {{/stray}}") == true)
        #expect(reason("{{#a}}{{/b}}")?.reason.contains("expected {{/a}}") == true)
        #expect(reason("x\ny {{unterminated")?.line == 2)
        #expect(reason("{{> partial}}")?.reason.contains("not supported") == true)
        #expect(reason("{{=<% %>=}}") != nil)
        #expect(reason("{{}}") != nil)
    }
}
