//! How the binary tunes glibc's malloc (the library has no unsafe code). One file for the app
//! (main.rs) and the reader bench (benches/reader.rs, by `#[path]`), so the bench allocates as
//! the app does.
#![allow(dead_code)] // the bench uses only the arenas

/// The heap's free pages given back to the system (`malloc_trim`): an import's list of files,
/// freed before its search index is built, otherwise stays in the process beside the indexer.
#[allow(unsafe_code)]
pub fn give_back_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free memory to the system; any thread may call it
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Two malloc arenas, not glibc's eight per core: the search index's writer and merge threads
/// each grew an arena of their own, and an import's peak memory with them (76 MB at 20,000
/// materials, 57 MB with one arena, the same with two). One was too few: the reader lays a
/// long article out on both cores, and with one arena its two threads waited on each other's
/// every allocation (a 5 MB article's layout 38 ms with two arenas, 98 ms with one).
#[allow(unsafe_code)]
pub fn two_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a tunable; called first thing, before any thread
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
        // large blocks (the indexer's 1 MB pages) mapped and given back when freed, not kept
        // in the heap between smaller ones (glibc would raise this threshold as they come)
        libc::mallopt(libc::M_MMAP_THRESHOLD, 256 * 1024);
    }
}
