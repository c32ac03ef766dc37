/// The version of Winnow, written into export manifests and printed by `winnow --version`.
public enum WinnowVersion {
    /// Semantic version of this build.
    public static let current = "0.1.0"
}
