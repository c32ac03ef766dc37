#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A read-only memory mapping of a whole file, unmapped when the last reference goes.
///
/// A class because the mapping is a resource with identity. `@unchecked Sendable`: the mapped bytes are never
/// written after `init`, so concurrent reads are safe.
final class MappedFile: @unchecked Sendable {
    /// The mapped bytes.
    let bytes: UnsafeRawBufferPointer

    /// Maps `path`; fails with an `errno` description.
    init(path: String) throws(SafetensorsError) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw SafetensorsError(.unreadable, file: path, "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw SafetensorsError(.unreadable, file: path, "cannot stat: \(String(cString: strerror(errno)))")
        }
        let size = Int(status.st_size)
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
            throw SafetensorsError(.unreadable, file: path, "cannot map: \(String(cString: strerror(errno)))")
        }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }
}
