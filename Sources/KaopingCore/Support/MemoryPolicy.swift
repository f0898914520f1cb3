import CSystemSupport

/// How the C allocator should treat a long streaming run; set once by the executable, before
/// any thread starts (a library does not change a process's allocator behind its back).
public enum MemoryPolicy {
    /// glibc gives every thread that allocates its own arena, up to eight per core, and keeps
    /// what is freed in each; and it raises the size from which blocks are mapped on their own
    /// each time such a block is freed, so the readers' 256 KiB buffers end up kept in those
    /// arenas too. On 10M cases that held the peak at 69–73 MiB; one arena per core and blocks
    /// of 128 KiB and more always mapped (and unmapped when freed) give 57 MiB, in the same time.
    ///
    /// Batches are made on the reader threads and freed on the admitting one, so an arena's top
    /// is freed and grown again all the time: with glibc's 128 KiB trim threshold it went back
    /// to the system and came back as fresh pages, 74–161 thousand page faults on 10M cases
    /// (each costly where a virtual machine's host takes back freed pages). Keeping up to 4 MiB
    /// free at an arena's top leaves 10–14 thousand, for about 4 MiB more at the peak.
    public static func applyForStreaming() {
        kaoping_tune_allocator(Int32(max(2, ProcessInfoLite.activeProcessorCount)), 128 * 1024, 4 << 20)
    }
}
