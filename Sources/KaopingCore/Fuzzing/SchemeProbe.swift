/// Fuzz probe for the scheme loader: any bytes load or are refused with a message.
public enum SchemeProbe {
    public static func problem(in input: UnsafeBufferPointer<UInt8>) -> String? {
        do throws(SchemeProblem) {
            _ = try SchemeLoader.parse(bytes: Array(input), path: "fuzz.toml")
        } catch {
            if error.description.isEmpty { return "a scheme refused without a message" }
        }
        return nil
    }
}
