import CSystemSupport

/// How the C allocator should treat a long streaming run; set once by the executable, before
/// any thread starts (a library does not change a process's allocator behind its back).
public enum MemoryPolicy {
    /// glibc gives every thread that allocates its own arena, up to eight per core, and keeps
    /// what is freed in each; and it raises the size from which blocks are mapped on their own
    /// each time such a block is freed, so the readers' 256 KiB buffers end up kept in those
    /// arenas too. On 10M cases that held the peak at 69–73 MiB; one arena per core and blocks
    /// of 128 KiB and more always mapped (and unmapped when freed) give 57 MiB, in the same time.
    public static func applyForStreaming() {
        kaoping_tune_allocator(Int32(max(2, ProcessInfoLite.activeProcessorCount)), 128 * 1024)
    }
}
