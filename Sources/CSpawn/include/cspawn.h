#pragma once
#include <sys/types.h>

/// Spawns `path` with exactly `argv` and `envp` (both NULL-terminated) in a new process group
/// whose id is the child's pid. The child gets a fresh pipe on stdin when `stdin_out` is not NULL
/// (/dev/null otherwise), fresh pipes on stdout and stderr, an empty signal mask, default
/// dispositions, and no other open descriptor. `cwd` may be NULL. On success returns 0 and stores
/// the pid and the parent's non-blocking, close-on-exec pipe ends (the write end of stdin, the
/// read ends of the others); otherwise returns the errno (of the exec itself when the program
/// cannot be run).
int vigil_spawn(const char *path, char *const argv[], char *const envp[], const char *cwd,
                pid_t *pid_out, int *stdin_out, int *stdout_out, int *stderr_out);

/// write(2) that fails with EPIPE instead of raising SIGPIPE when the reader is gone, without
/// changing the process's disposition (the daemon and its tests keep theirs).
ssize_t vigil_write_without_sigpipe(int fd, const void *bytes, size_t count);

/// A descriptor that polls readable once `pid` has terminated, or -1 where pidfds are missing.
int vigil_pidfd_open(pid_t pid);

/// 1 once `pid` has terminated, 0 while it runs, -1 on error. Leaves the child unreaped, so its
/// pid (the process group id) cannot be reused while the group is being signalled.
int vigil_has_terminated(pid_t pid);

/// Reaps `pid`, waiting for it. Returns 0 with `*exit_code` set (and `*signal_number` 0) for a
/// normal exit, or with `*signal_number` set for a death by signal; -1 with errno on error.
int vigil_reap(pid_t pid, int *exit_code, int *signal_number);

/// The signal's abbreviation without "SIG" ("KILL", "TERM"), or NULL for an unknown number.
const char *vigil_signal_abbreviation(int signal_number);

/// Hands the pages malloc holds free back to the system (malloc_trim(0)); returns 1 if any were.
int vigil_release_free_memory(void);
