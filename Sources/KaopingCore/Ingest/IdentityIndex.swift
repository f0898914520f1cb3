/// Remembers every id seen so far (SPEC §3 identity: case_id and ticket_id across the whole
/// folder, items by unit and item code, units by code) with a fingerprint of the row's text
/// and where it was first seen.
///
/// Ids and contents are kept as 64-bit hashes in flat arrays with open addressing: 24 bytes
/// per distinct id, no per-entry allocation. Two different ids colliding on 64 bits would be
/// taken for the same id; with ten million ids the chance is about one in 400 000.
struct IdentityIndex {
    enum Outcome: Equatable {
        case first
        case identicalRepeat(of: RowLocation)
        case conflict(with: RowLocation)
    }

    private var keys: [UInt64]
    private var contents: [UInt64]
    private var locations: [UInt64]
    private var count = 0
    private var mask: Int

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        contents = [UInt64](repeating: 0, count: size)
        locations = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    mutating func register(key rawKey: UInt64, content: UInt64, at location: RowLocation) -> Outcome {
        if (count + 1) * 4 > keys.count * 3 { grow() }
        let key = rawKey == 0 ? 1 : rawKey
        var slot = Int(truncatingIfNeeded: key) & mask
        while keys[slot] != 0 {
            if keys[slot] == key {
                let first = Self.unpack(locations[slot])
                return contents[slot] == content ? .identicalRepeat(of: first) : .conflict(with: first)
            }
            slot = (slot + 1) & mask
        }
        keys[slot] = key
        contents[slot] = content
        locations[slot] = UInt64(UInt32(truncatingIfNeeded: location.file)) << 32 | UInt64(UInt32(truncatingIfNeeded: location.line))
        count += 1
        return .first
    }

    private static func unpack(_ packed: UInt64) -> RowLocation {
        RowLocation(file: Int(packed >> 32), line: Int(packed & 0xFFFF_FFFF))
    }

    private mutating func grow() {
        let oldKeys = keys, oldContents = contents, oldLocations = locations
        let size = keys.count * 2
        keys = [UInt64](repeating: 0, count: size)
        contents = [UInt64](repeating: 0, count: size)
        locations = [UInt64](repeating: 0, count: size)
        mask = size - 1
        for index in oldKeys.indices where oldKeys[index] != 0 {
            var slot = Int(truncatingIfNeeded: oldKeys[index]) & mask
            while keys[slot] != 0 { slot = (slot + 1) & mask }
            keys[slot] = oldKeys[index]
            contents[slot] = oldContents[index]
            locations[slot] = oldLocations[index]
        }
    }
}

/// FNV-1a with a final avalanche, over bytes; stable across runs and machines (Swift's
/// `Hasher` is seeded per process, which would make nothing wrong but everything harder to debug).
struct StableHash {
    private(set) var state: UInt64 = 0xCBF2_9CE4_8422_2325

    @inline(__always)
    mutating func combine<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        for byte in bytes {
            state ^= UInt64(byte)
            state = state &* 0x0000_0100_0000_01B3
        }
    }

    @inline(__always)
    mutating func separator() { combine(CollectionOfOne(0x1F)) }

    var value: UInt64 {
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
