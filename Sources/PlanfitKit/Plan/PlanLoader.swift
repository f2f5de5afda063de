/// Reads a plan file: the text checks of `InputFile`, then `PlanParser`.
public enum PlanLoader {
    public static func load(path: String) throws -> Plan {
        let text = try InputFile.readText(path: path)
        return try PlanParser().parse(text, file: path)
    }
}
