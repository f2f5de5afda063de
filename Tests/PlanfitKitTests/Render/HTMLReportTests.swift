import Foundation
import Testing
@testable import PlanfitKit

/// The HTML report, as a reader gets it: rendered by the CLI, loaded in a real headless browser
/// (Debian's `chromium`, which `scripts/test` installs), checked for what a reader needs and for
/// making no network request, and photographed under `.build/test-output/` to be looked at.
@Suite struct HTMLReportTests {
    typealias R = CraftedReplay

    /// The browser, if one is installed. `scripts/test` installs chromium and sets
    /// PLANFIT_REQUIRE_BROWSER=1, so there a missing browser fails the tests instead of skipping them.
    static let browser: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    static let browserRequired = ProcessInfo.processInfo.environment["PLANFIT_REQUIRE_BROWSER"] == "1"
    static let outputFolder = CLI.packageRoot.appendingPathComponent(".build/test-output")

    struct BrowserRun {
        var dom: String
        var log: String
    }

    /// Loads `file` in headless chromium and returns the DOM after load; with `screenshot`, also
    /// writes a 1280x2000 PNG of the page there. `timeout` bounds a browser that hangs.
    static func load(_ file: String, screenshot: String? = nil) throws -> BrowserRun {
        let browser = try #require(browser, "chromium is not installed (apt-get install chromium)")
        let profile = try TemporaryDirectory()
        var arguments = [browser, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--hide-scrollbars",
                         "--user-data-dir=\(profile.url.path)", "--enable-logging=stderr", "--v=1"] + quietBrowser
        if let screenshot { arguments += ["--screenshot=\(screenshot)", "--window-size=1280,2000"] } else { arguments += ["--dump-dom"] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["90"] + arguments + [URL(fileURLWithPath: file).absoluteString]
        process.environment = ProcessInfo.processInfo.environment.merging(["HOME": profile.url.path]) { _, new in new }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.currentDirectoryURL = profile.url
        try process.run()
        final class Box: @unchecked Sendable { var data = Data() }
        let errBox = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { errBox.data = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let dom = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "chromium exited \(process.terminationStatus)")
        return BrowserRun(dom: String(decoding: dom, as: UTF8.self), log: String(decoding: errBox.data, as: UTF8.self))
    }

    /// Text as a browser serialises it back in `--dump-dom`: only &, < and > escaped.
    static func domText(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    /// What makes a page self-contained: the policy that forbids every fetch, no script, and no tag
    /// or stylesheet that points outside the file. Text between tags may mention anything (a plan may
    /// quote a URL): escaped, it is no tag.
    static func expectSelfContained(_ html: String) {
        #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"))
        let tags = html.split(separator: "<").dropFirst().map { $0.prefix { $0 != ">" }.lowercased() }
        #expect(!tags.isEmpty)
        for tag in tags {
            #expect(!tag.hasPrefix("script") && !tag.hasPrefix("link") && !tag.hasPrefix("iframe") && !tag.hasPrefix("object"), "\(tag)")
            for pointer in ["src=", "href=\"http", "href=\"//", "http://", "https://", "xmlns"] {
                #expect(!tag.contains(pointer), "a tag refers to something outside the page: \(tag)")
            }
            #expect(!tag.replacingOccurrences(of: "url(#", with: "").contains("url("), "\(tag)")
        }
        let style = html.components(separatedBy: "<style>").dropFirst().first?.components(separatedBy: "</style>").first ?? ""
        #expect(!style.isEmpty && !style.contains("url(") && !style.contains("@import"))
    }

    /// Flags that stop chromium's own background traffic (component and spell-check updates, time
    /// checks, account probes), so any request left in its log came from the page.
    static let quietBrowser = [
        // Nothing leaves the machine, whatever the browser tries: every host name resolves to nothing and
        // every connection would go to a closed local port. Requests are still logged, so the check below
        // still sees any a page makes.
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost", "--proxy-server=http://127.0.0.1:9",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--no-default-browser-check", "--no-pings", "--disable-domain-reliability",
        "--disable-client-side-phishing-detection", "--disable-breakpad",
        "--disable-features=Translate,OptimizationHints,MediaRouter,SpellCheck,NetworkTimeServiceQuerying,AutofillServerCommunication,CertificateTransparencyComponentUpdater"]

    /// Debian's chromium still calls its own services (component updates, account probes) whatever the
    /// flags; those hosts are the browser's, never a report's, so they are left out of the count.
    static let browserServiceHosts = ["://update.googleapis.com/", "://accounts.google.com/", "://clients2.google.com/",
                                      "://redirector.gvt1.com/", "://www.googleapis.com/", "://safebrowsing.googleapis.com/",
                                      "://content-autofill.googleapis.com/", "://optimizationguide-pa.googleapis.com/"]

    /// The URLs the browser's network stack was asked to load for the page (its verbose log names each one).
    static func requests(in log: String) -> [String] {
        log.split(separator: "\n").filter { $0.contains("NotifyBeforeURLRequest") || $0.contains("Request completed from url") }
            .map(String.init).filter { line in
                !line.contains("file://") && !line.contains("data:") && !browserServiceHosts.contains { line.contains($0) }
            }
    }

    static func expectNoRequests(_ log: String) {
        let requested = requests(in: log)
        #expect(requested.isEmpty, "the browser made requests: \(requested.prefix(3))")
    }

    /// Whether the elements a reader needs are laid out and visible, as the browser renders them. The
    /// page itself has no script and forbids one; this test copy swaps the policy for one that allows
    /// an inline probe, which measures each element and writes the answers into the DOM it dumps.
    static func visibility(of html: String, in dir: TemporaryDirectory) throws -> [String] {
        let probe = """
            <script>
            document.addEventListener('DOMContentLoaded', () => {
              const out = [];
              for (const sel of ['#verdict', 'figure.member-load', 'figure.member-load svg > rect', 'rect.bar', 'rect.bar-over', 'tr.change', 'li.finding', '#original-plan', '#adapted-plan', '#note']) {
                for (const el of document.querySelectorAll(sel)) {
                  const r = el.getBoundingClientRect(), s = getComputedStyle(el);
                  out.push(sel + ' ' + (r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && s.opacity !== '0' ? 'visible' : 'hidden'));
                }
              }
              const p = document.createElement('pre'); p.id = 'visibility'; p.textContent = out.join('\\n'); document.body.appendChild(p);
            });
            </script>
            """
        let probed = html.replacingOccurrences(of: "default-src 'none';", with: "default-src 'none'; script-src 'unsafe-inline';")
            .replacingOccurrences(of: "</head>", with: probe + "</head>")
        let dom = try load(try dir.write("probed-\(UUID().uuidString).html", probed)).dom
        let text = try #require(dom.components(separatedBy: "<pre id=\"visibility\">").dropFirst().first?.components(separatedBy: "</pre>").first,
                                "the probe did not run")
        return text.split(separator: "\n").map(String.init)
    }

    /// Every needed element is there and visible: `counts` says how many of each selector.
    static func expectVisible(_ html: String, in dir: TemporaryDirectory, counts: [String: Int]) throws {
        let lines = try visibility(of: html, in: dir)
        #expect(!lines.contains { $0.hasSuffix(" hidden") }, "hidden: \(lines.filter { $0.hasSuffix(" hidden") })")
        for (selector, count) in counts {
            #expect(lines.filter { $0 == "\(selector) visible" }.count == count, "\(selector)")
        }
    }

    func json(_ arguments: [String], cache: String) throws -> [String: Any] {
        let r = try CLI.run(arguments, environment: ["PLANFIT_CACHE": cache], currentDirectory: CLI.packageRoot)
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stderr)")
    }

    /// The checks a reader's needs come down to, against the same run's JSON: the verdict, a bar per
    /// member, a row per change, every finding before and after.
    func expectReadable(dom: String, json: [String: Any]) throws {
        let verdict = try #require(json["verdict_text"] as? String)
        #expect(dom.contains("id=\"verdict\""))
        #expect(dom.contains(Self.domText(verdict)))
        let load = try #require(json["load"] as? [[String: Any]])
        #expect(Self.count("<figure class=\"member-load\"", in: dom) == load.count)
        #expect(Self.count("<svg role=\"img\"", in: dom) == load.count)
        for row in load { #expect(dom.contains("data-member=\"\(row["member"] as! String)\"")) }
        let changes = try #require(json["accounted_changes"] as? [[String: Any]])
        #expect(!changes.isEmpty)
        #expect(Self.count("<tr class=\"change\">", in: dom) == changes.count)
        for change in changes { #expect(dom.contains(Self.domText(change["task"] as! String))) }
        #expect(dom.contains("<th>finding it fixes</th>"))
        let before = try #require(json["findings_before"] as? [[String: Any]])
        let after = try #require(json["findings_after"] as? [[String: Any]])
        let beforeList = try #require(dom.range(of: "id=\"findings-before\""))
        let afterList = try #require(dom.range(of: "id=\"findings-after\""))
        #expect(Self.count("<li class=\"finding\">", in: String(dom[beforeList.upperBound..<afterList.lowerBound])) == before.count)
        #expect(Self.count("<li class=\"finding\">", in: String(dom[afterList.upperBound...])) == after.count)
        #expect(dom.contains("id=\"original-plan\"") && dom.contains("id=\"adapted-plan\""))
    }

    @Test(.enabled(if: browser != nil || browserRequired, "chromium is not installed"))
    func fitReportReadsInAHeadlessBrowser() throws {
        let dir = try TemporaryDirectory()
        let cache = dir.path("cache.sqlite")
        let args = ["fit", R.plan, "--team", R.team]
        let r = try CLI.run(args + ["--format", "html"], environment: ["PLANFIT_CACHE": cache], currentDirectory: CLI.packageRoot)
        #expect(r.status == 1, "fit leaves the kotlin finding no move can fix: \(r.stderr)")
        Self.expectSelfContained(r.stdout)
        let file = try dir.write("fit.html", r.stdout)
        let run = try Self.load(file)
        try expectReadable(dom: run.dom, json: json(args + ["--format", "json"], cache: cache))
        // ana is over her hours in the original: the bar says so in words, not only in red.
        #expect(run.dom.contains("OVER by 18h before"))
        #expect(run.dom.contains("time off 2026-12-22..2027-01-02"))
        Self.expectNoRequests(run.log)
        // Four members, two rows each: eight bars, and ana's hours over capacity before as one hatched bar.
        try Self.expectVisible(r.stdout, in: dir, counts: ["#verdict": 1, "figure.member-load": 4, "rect.bar": 8, "rect.bar-over": 1, "tr.change": 7,
                                                           "#original-plan": 1, "#adapted-plan": 1])

        try FileManager.default.createDirectory(at: Self.outputFolder, withIntermediateDirectories: true)
        let shot = Self.outputFolder.appendingPathComponent("html-report-fit.png").path
        try? FileManager.default.removeItem(atPath: shot)
        _ = try Self.load(file, screenshot: shot)
        let size = (try FileManager.default.attributesOfItem(atPath: shot)[.size] as? Int) ?? 0
        #expect(size > 20_000, "the screenshot is nearly empty (\(size) bytes)")
        print("HTML report screenshot (fit): \(shot)")
    }

    /// A model's run replayed from a crafted cassette: refine-fixed (the model's plan is shown) and
    /// propose-fixed (the same, with the note to the author, which must come first).
    @Test(.enabled(if: browser != nil || browserRequired, "chromium is not installed"), arguments: ["refine-fixed", "propose-fixed"])
    func refineReportFromACraftedReplayReadsInAHeadlessBrowser(_ scenario: String) throws {
        let dir = try TemporaryDirectory()
        let cache = dir.path("cache.sqlite")
        let r = try R.run(R.arguments(scenario, ["--format", "html"]), cache: cache)
        #expect(r.status == 0, "\(r.stderr)")
        Self.expectSelfContained(r.stdout)
        let file = try dir.write("\(scenario).html", r.stdout)
        let run = try Self.load(file)
        let json = try R.json(R.arguments(scenario, ["--format", "json"]), cache: cache)
        try expectReadable(dom: run.dom, json: json)
        let changes = (json["accounted_changes"] as? [Any])?.count ?? -1
        let proposing = scenario.hasPrefix("propose")
        if proposing {
            let note = try #require(run.dom.range(of: "id=\"note\""))
            #expect(note.lowerBound < run.dom.range(of: "id=\"verdict\"")!.lowerBound)
        } else {
            #expect(!run.dom.contains("id=\"note\""))
        }
        #expect(run.dom.contains("id=\"risks\"") == !((json["risks"] as? [Any]) ?? []).isEmpty)
        #expect(run.dom.contains("id=\"questions\"") == !((json["questions"] as? [Any]) ?? []).isEmpty)
        #expect(run.dom.contains("model fake-planner"), "the tool details name the model")
        Self.expectNoRequests(run.log)
        var counts = ["#verdict": 1, "figure.member-load": 4, "tr.change": changes]
        if proposing { counts["#note"] = 1 }
        try Self.expectVisible(r.stdout, in: dir, counts: counts)

        try FileManager.default.createDirectory(at: Self.outputFolder, withIntermediateDirectories: true)
        let shot = Self.outputFolder.appendingPathComponent(proposing ? "html-report.png" : "html-report-refine.png").path
        try? FileManager.default.removeItem(atPath: shot)
        _ = try Self.load(file, screenshot: shot)
        let size = (try FileManager.default.attributesOfItem(atPath: shot)[.size] as? Int) ?? 0
        #expect(size > 20_000, "the screenshot is nearly empty (\(size) bytes)")
        print("HTML report screenshot (\(scenario)): \(shot)")
    }

    /// Text from a plan is data: markup in a task title reaches the browser as text, not as elements,
    /// and the URL in it is never fetched.
    @Test(.enabled(if: browser != nil || browserRequired, "chromium is not installed"))
    func markupInAPlanIsShownAsText() throws {
        let dir = try TemporaryDirectory()
        let plan = try dir.write("plan.md", """
            # Hostile
            ## Phase 1 (due 2026-12-18)
            - Ship <img src="http://127.0.0.1:9/x.png" onerror="alert(1)"> & <b>bold</b> @bo ~10d #go:strong
            - Review </pre><script>alert(2)</script> @ana ~1d

            """)
        let r = try CLI.run(["check", plan, "--team", CLI.fixture("teams/payments.yaml"), "--format", "html"])
        #expect(r.status == 1, "\(r.stderr)")
        Self.expectSelfContained(r.stdout)
        #expect(r.stdout.contains("&lt;img src=&quot;http://127.0.0.1:9/x.png&quot;"))
        let run = try Self.load(try dir.write("check.html", r.stdout))
        #expect(!run.dom.contains("<img") && !run.dom.contains("<script") && !run.dom.contains("<b>"))
        #expect(run.dom.contains("&lt;b&gt;bold&lt;/b&gt;"))
        #expect(Self.count("<figure class=\"member-load\"", in: run.dom) == 4)
        Self.expectNoRequests(run.log)
    }

    /// The request check can fail: the same browser and log, on a page that does load a URL (from a
    /// port where nothing listens), reports the request.
    @Test(.enabled(if: browser != nil || browserRequired, "chromium is not installed"))
    func theRequestCheckSeesARequestWhenAPageMakesOne() throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write("fetches.html", "<!DOCTYPE html><html><body><img src=\"http://127.0.0.1:9/x.png\" alt=\"x\"></body></html>")
        let run = try Self.load(file)
        #expect(Self.requests(in: run.log).contains { $0.contains("http://127.0.0.1:9/x.png") })
    }

    @Test func escapingCoversMarkupQuotesAndControls() {
        #expect(HTML.escape("<a href='x'>\"&\"</a>") == "&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;")
        #expect(HTML.escape("bell\u{7} and \u{1b}[31m") == "bell\\x07 and \\x1b[31m")
    }

    /// `show RUN --format html` re-renders a stored fit run whole, and says what a stored refine lacks.
    @Test func showReRendersStoredRuns() throws {
        let dir = try TemporaryDirectory()
        let cache = dir.path("cache.sqlite")
        let env = ["PLANFIT_CACHE": cache]
        let fit = try CLI.run(["fit", R.plan, "--team", R.team, "--format", "html"], environment: env, currentDirectory: CLI.packageRoot)
        let shown = try CLI.run(["show", "last", "--format", "html"], environment: env, currentDirectory: CLI.packageRoot)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout == fit.stdout, "a stored fit run re-renders byte for byte")

        let refine = try R.run(R.arguments("refine-fixed", ["--format", "html"]), cache: cache)
        #expect(refine.status == 0)
        let restored = try CLI.run(["show", "last", "--format", "html"], environment: env, currentDirectory: CLI.packageRoot)
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(restored.stdout.contains("id=\"restored\""))
        #expect(restored.stdout.contains("risks, questions"))
        #expect(Self.count("<tr class=\"change\">", in: restored.stdout) == Self.count("<tr class=\"change\">", in: refine.stdout))
        let markdown = try CLI.run(["show", "last", "--format", "markdown"], environment: env, currentDirectory: CLI.packageRoot)
        #expect(markdown.stdout.hasPrefix("# planfit refine: fixtures/plans/checkout-v2.md\n"))

        // A run that stored no adaptation (this one failed: an --offline miss) has nothing to re-render.
        let miss = try CLI.run(["refine", R.plan, "--team", R.team, "--offline", "--model", "absent", "--temperature", "1.5"],
                               environment: env, currentDirectory: CLI.packageRoot)
        #expect(miss.status == 69, "\(miss.stderr)")
        let check = try CLI.run(["show", "last", "--format", "html"], environment: env, currentDirectory: CLI.packageRoot)
        #expect(check.status == 64)
        #expect(check.stderr.contains("has no report to re-render"))
    }
}
