public enum KaopingVersion {
    public static let current = "0.1.0"
}
