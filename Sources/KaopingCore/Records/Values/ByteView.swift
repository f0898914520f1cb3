/// Contiguous UTF-8 bytes of one cell, as the value parsers read them: an `ArraySlice` in tests
/// and messages, a slice of a batch's buffer on the hot path, where it costs no reference
/// counting. Indices are absolute offsets, as for any slice.
public protocol ByteView: RandomAccessCollection where Element == UInt8, Index == Int, SubSequence == Self {}

extension ArraySlice: ByteView where Element == UInt8 {}
extension Slice: ByteView where Base == UnsafeBufferPointer<UInt8> {}
