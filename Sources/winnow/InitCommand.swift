import ArgumentParser
import WinnowCore
import WinnowStore

/// `winnow init`: create the store.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Create the project store.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try reportingFailures {
            let existed = Store.exists(at: global.storePath)
            _ = try global.openStore(create: true)
            global.emit(["db": .string(global.storePath), "created": .bool(!existed)]) {
                existed
                    ? "Store \(global.storePath) already exists (schema up to date)." : "Created \(global.storePath)."
            }
        }
    }
}
