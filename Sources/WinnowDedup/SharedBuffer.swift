/// A fixed-size buffer that parallel workers fill, each writing only its own elements.
///
/// A class because the memory has identity and is freed once. `@unchecked Sendable`: workers write disjoint
/// indices (the caller's contract), and the buffer is read only after the parallel call has returned.
final class SharedBuffer<Element>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<Element>

    /// `count` elements set to `value`.
    init(count: Int, repeating value: Element) {
        storage = UnsafeMutableBufferPointer.allocate(capacity: count)
        storage.initialize(repeating: value)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    /// The element at `index`.
    subscript(index: Int) -> Element {
        get { storage[index] }
        set { storage[index] = newValue }
    }

    /// The elements `range`, writable.
    func slice(_ range: Range<Int>) -> UnsafeMutableBufferPointer<Element> {
        UnsafeMutableBufferPointer(rebasing: storage[range])
    }

    /// All elements as an array.
    var array: [Element] { Array(storage) }
}
