/// The version `/health` and `descent --version` report.
public enum DescentVersion {
    public static let string = "1.0.0"
}
