/// The version `planfit --version` prints and the cache records with each run.
public enum PlanfitVersion {
    public static let current = "0.1.0"
}
