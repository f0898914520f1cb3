#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Large zero-filled blocks straight from the kernel: its pages are handed out lazily, so what
/// is never touched costs no memory. For the duplicate index's table and filters.
enum ZeroedPages {
    /// Linux's MADV_POPULATE_WRITE (5.14), which Glibc's module may not name.
    private static let populateWrite: Int32 = 23

    /// `count` zeroed elements; on huge pages when asked (where the kernel allows them), which
    /// spares random probes over a large block a TLB miss each.
    static func allocate<Element>(_: Element.Type, count: Int, hugePages: Bool) -> UnsafeMutablePointer<Element> {
        let bytes = count * MemoryLayout<Element>.stride
        let mapped = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let mapped, mapped != MAP_FAILED else { fatalError("out of memory: \(bytes) bytes for the duplicate index") }
        #if os(Linux)
        if hugePages { _ = madvise(mapped, bytes, MADV_HUGEPAGE) }
        #endif
        return mapped.assumingMemoryBound(to: Element.self)
    }

    /// Faults a block from `allocate` in writable, in one call, for a caller about to write all
    /// over it. Left to the first probes, each page was mapped to the shared zero page by a read
    /// and copied on the first write, with every other core's TLB flushed. Kernels before 5.14
    /// refuse the advice and fault as before.
    static func populate<Element>(_ block: UnsafeMutablePointer<Element>, count: Int) {
        #if os(Linux)
        _ = madvise(block, count * MemoryLayout<Element>.stride, populateWrite)
        #endif
    }

    /// Gives back a block from `allocate`, with the same `count`.
    static func release<Element>(_ block: UnsafeMutablePointer<Element>, count: Int) {
        munmap(block, count * MemoryLayout<Element>.stride)
    }
}
