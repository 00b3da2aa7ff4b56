import CSpawn

/// The daemon's own heap.
public enum ProcessMemory {
    /// Returns the pages malloc keeps free to the system. After a burst of allocations the heap
    /// otherwise stays at the burst's high-water mark, since glibc gives back only its top.
    public static func releaseFreedPages() {
        _ = vigil_release_free_memory()
    }
}
