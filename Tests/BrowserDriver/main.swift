// browser-driver: drives a real headless Chromium through the Chrome DevTools protocol over
// `--remote-debugging-pipe` (JSON messages separated by NUL bytes on file descriptors 3 and 4), so that
// scripts/browser-check.sh can load a page, press real keys and take a screenshot. Test support only.
//
//   browser-driver --chromium PATH [--log FILE] [--timeout SECONDS] STEP...
//   steps: open URL | key K | wait-load | expect-text TEXT | eval JS | screenshot FILE
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

struct DriverError: Error, CustomStringConvertible {
    var description: String
}

/// One Chromium process and its protocol pipe.
final class Browser {
    private let input: Int32  // we write commands here (Chromium's fd 3)
    private let output: Int32  // Chromium writes here (its fd 4)
    private let pid: pid_t
    private var buffer: [UInt8] = []
    private var nextID = 1
    private var sessionID: String?
    private(set) var loads = 0
    let timeout: Double

    init(chromium: String, profile: String, log: String, timeout: Double) throws {
        self.timeout = timeout
        var toChrome: [Int32] = [0, 0]
        var fromChrome: [Int32] = [0, 0]
        guard pipe(&toChrome) == 0, pipe(&fromChrome) == 0 else { throw DriverError(description: "pipe failed") }
        // Move every end above the descriptors the child needs (3 and 4) and mark it close-on-exec: the child's
        // dup2 onto 3 and 4 clears the flag there, and no stray end stays open in Chromium.
        func lifted(_ descriptor: Int32) -> Int32 {
            let moved = fcntl(descriptor, F_DUPFD_CLOEXEC, 10)
            Glibc.close(descriptor)
            return moved
        }
        toChrome = toChrome.map(lifted)
        fromChrome = fromChrome.map(lifted)
        var arguments = [
            chromium, "--headless", "--remote-debugging-pipe", "--no-first-run", "--no-default-browser-check",
            "--disable-gpu", "--disable-extensions", "--disable-background-networking", "--disable-sync",
            "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1280,900", "--user-data-dir=" + profile,
        ]
        if geteuid() == 0 { arguments.append("--no-sandbox") }
        arguments.append("about:blank")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChrome[0], 3)
        posix_spawn_file_actions_adddup2(&actions, fromChrome[1], 4)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var child: pid_t = 0
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let status = posix_spawn(&child, chromium, &actions, nil, argv, environ)
        guard status == 0 else { throw DriverError(description: "cannot start \(chromium): error \(status)") }
        pid = child
        Glibc.close(toChrome[0])
        Glibc.close(fromChrome[1])
        input = toChrome[1]
        output = fromChrome[0]
    }

    /// Sends a command (to the page session once attached) and waits for its result.
    @discardableResult
    func send(_ method: String, _ parameters: [String: Any] = [:], browserLevel: Bool = false) throws -> [String: Any] {
        let id = nextID
        nextID += 1
        var message: [String: Any] = ["id": id, "method": method, "params": parameters]
        if !browserLevel, let sessionID { message["sessionId"] = sessionID }
        var data = try JSONSerialization.data(withJSONObject: message)
        data.append(0)
        try data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let written = write(input, base + offset, raw.count - offset)
                guard written > 0 else { throw DriverError(description: "Chromium closed its pipe") }
                offset += written
            }
        }
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let reply = try nextMessage(until: deadline)
            if let replyID = reply["id"] as? Int, replyID == id {
                if let error = reply["error"] as? [String: Any] {
                    throw DriverError(description: "\(method) failed: \(error["message"] ?? error)")
                }
                return reply["result"] as? [String: Any] ?? [:]
            }
        }
    }

    /// Reads messages until `condition` holds (events are counted on the way).
    func wait(until deadline: Date, for condition: () -> Bool) throws {
        while !condition() { _ = try nextMessage(until: deadline) }
    }

    private func nextMessage(until deadline: Date) throws -> [String: Any] {
        while true {
            if let end = buffer.firstIndex(of: 0) {
                let data = Data(buffer[..<end])
                buffer.removeSubrange(...end)
                guard let message = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { continue }
                if message["method"] as? String == "Page.loadEventFired" { loads += 1 }
                return message
            }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { throw DriverError(description: "timed out waiting for Chromium") }
            var descriptor = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(min(left, 1) * 1000))
            if ready <= 0 { continue }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = read(output, &chunk, chunk.count)
            guard count > 0 else { throw DriverError(description: "Chromium exited (see its log)") }
            buffer.append(contentsOf: chunk[..<count])
        }
    }

    /// Attaches to the first page and turns on page events.
    func attach() throws {
        let targets = try send("Target.getTargets", browserLevel: true)["targetInfos"] as? [[String: Any]] ?? []
        guard let page = targets.first(where: { $0["type"] as? String == "page" }), let id = page["targetId"] else {
            throw DriverError(description: "Chromium has no page")
        }
        let attached = try send("Target.attachToTarget", ["targetId": id, "flatten": true], browserLevel: true)
        sessionID = attached["sessionId"] as? String
        try send("Page.enable")
        try send("Page.bringToFront")
    }

    func evaluate(_ expression: String) throws -> Any? {
        let result = try send(
            "Runtime.evaluate", ["expression": expression, "returnByValue": true, "awaitPromise": true])
        if let exception = result["exceptionDetails"] as? [String: Any] {
            throw DriverError(description: "script failed: \(exception["text"] ?? exception)")
        }
        return (result["result"] as? [String: Any])?["value"]
    }

    /// A real key press delivered by the browser: keyDown (with its text, so keypress and input follow) and keyUp.
    func press(_ key: String) throws {
        let named: [String: (code: String, virtual: Int, text: String)] = [
            "Enter": ("Enter", 13, "\r"), "Escape": ("Escape", 27, ""), "Tab": ("Tab", 9, "\t"),
        ]
        let code: String
        let virtual: Int
        let text: String
        if let known = named[key] {
            (code, virtual, text) = known
        } else if key.count == 1, let scalar = key.unicodeScalars.first, scalar.isASCII,
            scalar.properties.isAlphabetic
        {
            code = "Key" + key.uppercased()
            virtual = Int(key.uppercased().unicodeScalars.first?.value ?? 0)
            text = key
        } else {
            throw DriverError(description: "unknown key \(key) (letters, Enter, Escape, Tab)")
        }
        var down: [String: Any] = ["type": "keyDown", "key": key, "code": code, "windowsVirtualKeyCode": virtual]
        if !text.isEmpty { down["text"] = text }
        try send("Input.dispatchKeyEvent", down)
        try send(
            "Input.dispatchKeyEvent", ["type": "keyUp", "key": key, "code": code, "windowsVirtualKeyCode": virtual])
    }

    func close() {
        _ = try? send("Browser.close", browserLevel: true)
        var status: Int32 = 0
        for _ in 0..<50 {
            if waitpid(pid, &status, WNOHANG) == pid { return }
            usleep(100_000)
        }
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
    }
}

/// `text` as a JavaScript string literal.
func jsonString(_ text: String) throws -> String {
    let data = try JSONSerialization.data(withJSONObject: [text])
    return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
}

func run() throws {
    var arguments = Array(CommandLine.arguments.dropFirst())
    func option(_ name: String) -> String? {
        guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
        let value = arguments[index + 1]
        arguments.removeSubrange(index...(index + 1))
        return value
    }
    guard let chromium = option("--chromium") else {
        throw DriverError(description: "usage: browser-driver --chromium PATH [--log FILE] [--timeout S] STEP...")
    }
    let timeout = option("--timeout").flatMap(Double.init) ?? 20
    let profile = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-chromium-\(getpid())").path
    let log = option("--log") ?? "/dev/null"
    defer { try? FileManager.default.removeItem(atPath: profile) }
    let browser = try Browser(chromium: chromium, profile: profile, log: log, timeout: timeout)
    defer { browser.close() }
    try browser.attach()
    var loadsBeforeKey = 0
    var index = 0
    while index < arguments.count {
        let step = arguments[index]
        let value = index + 1 < arguments.count ? arguments[index + 1] : ""
        let deadline = Date().addingTimeInterval(timeout)
        switch step {
        case "open":
            let before = browser.loads
            try browser.send("Page.navigate", ["url": value])
            try browser.wait(until: deadline) { browser.loads > before }
            print("opened \(value)")
            index += 2
        case "key":
            loadsBeforeKey = browser.loads
            try browser.press(value)
            print("pressed \(value)")
            index += 2
        case "wait-load":  // the page a key press or a script led to
            try browser.wait(until: deadline) { browser.loads > loadsBeforeKey }
            print("page loaded")
            index += 1
        case "expect-text":
            let script = "document.body.innerText.includes(\(try jsonString(value)))"
            // While a page is being replaced the evaluation can fail; that is retried like a page without the text.
            while ((try? browser.evaluate(script)) as? Bool) != true {
                guard Date() < deadline else { throw DriverError(description: "the page never showed \"\(value)\"") }
                usleep(100_000)
            }
            print("found \"\(value)\"")
            index += 2
        case "eval":
            // A script may submit a form: a following wait-load waits for the page it leads to.
            loadsBeforeKey = browser.loads
            let result = try browser.evaluate(value)
            print(result.map { "\($0)" } ?? "null")
            index += 2
        case "screenshot":
            let shot = try browser.send("Page.captureScreenshot", ["format": "png"])
            guard let base64 = shot["data"] as? String, let data = Data(base64Encoded: base64) else {
                throw DriverError(description: "no screenshot data")
            }
            try data.write(to: URL(fileURLWithPath: value))
            print("screenshot \(value) (\(data.count) bytes)")
            index += 2
        default:
            throw DriverError(description: "unknown step \(step)")
        }
    }
}

signal(SIGPIPE, SIG_IGN)
do {
    try run()
} catch {
    FileHandle.standardError.write(Data("browser-driver: \(error)\n".utf8))
    exit(1)
}
