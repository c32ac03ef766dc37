import ArgumentParser
import Foundation
import WinnowApp
import WinnowCore
import WinnowRules
import WinnowStore

/// `winnow init`: create the store.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create the project store.",
        discussion: """
            --labels FILE sets the project's label list (one label per line, # comments), which the label-allowed
            rule checks labels against; without a list that rule does not run. Run it again to replace the list.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "A file of the project's labels, one per line.")
    var labels: String?

    func run() throws {
        try reportingFailures {
            var list: LabelList?
            if let labels {
                do {
                    list = try LabelList(contentsOf: URL(fileURLWithPath: labels))
                } catch {
                    throw Failure.input("\(labels): cannot read the labels file (\(error.localizedDescription))")
                }
                if list?.labels.isEmpty == true { throw Failure.input("\(labels): no labels in the file") }
            }
            let store = try global.openStore(create: true)
            let existed = !store.isNew
            if let list { try ProjectLabels.save(list, to: store) }
            var json = JSONObject()
            json["db"] = .string(store.location)
            json["created"] = .bool(!existed)
            if let list { json["labels"] = .array(list.labels.map(JSONValue.string)) }
            global.emit(.object(json)) {
                var text =
                    existed
                    ? "Store \(store.location) already exists (schema up to date)." : "Created \(store.location)."
                if let list { text += "\nLabel list: \(list.labels.count) labels from \(list.origin)." }
                return text
            }
        }
    }
}
