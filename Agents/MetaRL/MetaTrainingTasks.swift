// MetaRL: which tasks a meta-trained checkpoint learned from, so that meta-test can refuse to score on them.
import Environments

/// The task family and training tasks of a meta-training run, stored in its checkpoint's metadata
/// (`meta_family`, `meta_train_tasks`: comma-separated ``TaskID``s such as `beam-rooms/train/17`).
public struct MetaTrainingTasks: Sendable, Equatable {
    /// The family's name.
    public var family: String
    /// The tasks trained on.
    public var tasks: [TaskID]

    /// Creates the record.
    public init(family: String, tasks: [TaskID]) {
        self.family = family
        self.tasks = tasks
    }

    /// The metadata entries.
    public var metadata: [String: String] {
        ["meta_family": family, "meta_train_tasks": tasks.map(\.description).joined(separator: ",")]
    }

    /// Reads the record from checkpoint metadata; nil when the checkpoint is not of a meta-training run.
    /// - Throws: ``MetaTestError/unreadableTrainingTasks(_:)`` when the entries are present but malformed.
    public init?(metadata: [String: String]) throws(MetaTestError) {
        guard let family = metadata["meta_family"], let text = metadata["meta_train_tasks"] else { return nil }
        var tasks: [TaskID] = []
        for part in text.split(separator: ",") {
            guard let id = TaskID(String(part)) else { throw .unreadableTrainingTasks(String(part)) }
            tasks.append(id)
        }
        self.init(family: family, tasks: tasks)
    }

    /// Throws when `candidates` share a task with the training tasks (or come from another family).
    /// - Throws: ``MetaTestError/overlapsTrainingTasks(_:)`` listing the shared tasks,
    ///   ``MetaTestError/otherFamily(checkpoint:requested:)`` for a task of another family.
    public func checkHeldOut(_ candidates: [TaskID]) throws(MetaTestError) {
        if let foreign = candidates.first(where: { $0.family != family }) {
            throw .otherFamily(checkpoint: family, requested: foreign.family)
        }
        let trained = Set(tasks)
        let shared = candidates.filter { trained.contains($0) }
        if !shared.isEmpty { throw .overlapsTrainingTasks(shared) }
    }
}

/// Why a meta-test cannot run.
public enum MetaTestError: Error, Equatable, CustomStringConvertible {
    /// The requested tasks include tasks the checkpoint trained on.
    case overlapsTrainingTasks([TaskID])
    /// The requested tasks are of another family than the checkpoint's.
    case otherFamily(checkpoint: String, requested: String)
    /// The checkpoint's training-task list does not parse.
    case unreadableTrainingTasks(String)
    /// The checkpoint does not come from a meta-training run.
    case notMetaTrained

    public var description: String {
        switch self {
        case let .overlapsTrainingTasks(ids):
            let shown = ids.prefix(5).map(\.description).joined(separator: ", ")
            return "the task set overlaps the checkpoint's training tasks in \(ids.count) task(s) (\(shown)\(ids.count > 5 ? ", …" : "")); "
                + "meta-test scores held-out tasks only: use --tasks test or --tasks ood"
        case let .otherFamily(checkpoint, requested):
            return "the checkpoint was meta-trained on family \(checkpoint), not \(requested)"
        case let .unreadableTrainingTasks(text):
            return "the checkpoint's training-task list has an unreadable entry '\(text)'"
        case .notMetaTrained:
            return "the checkpoint holds no training-task list (it was not written by meta-train)"
        }
    }
}
