// pipe2, posix_spawn_file_actions_addclosefrom_np/addchdir_np and sigabbrev_np are GNU
// extensions that Swift's Glibc module does not expose: they need _GNU_SOURCE before any include.
#define _GNU_SOURCE
#include <malloc.h>
#include "cspawn.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void close_pair(int pair[2]) {
    if (pair[0] >= 0) close(pair[0]);
    if (pair[1] >= 0) close(pair[1]);
    pair[0] = pair[1] = -1;
}

int vigil_spawn(const char *path, char *const argv[], char *const envp[], const char *cwd,
                pid_t *pid_out, int *stdin_out, int *stdout_out, int *stderr_out) {
    int in[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1};
    if (stdin_out != NULL && pipe2(in, O_CLOEXEC) != 0) return errno;
    if (pipe2(out, O_CLOEXEC) != 0) { int e = errno; close_pair(in); return e; }
    if (pipe2(err, O_CLOEXEC) != 0) { int e = errno; close_pair(in); close_pair(out); return e; }

    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    int result = posix_spawn_file_actions_init(&actions);
    if (result != 0) { close_pair(in); close_pair(out); close_pair(err); return result; }
    result = posix_spawnattr_init(&attributes);
    if (result != 0) {
        posix_spawn_file_actions_destroy(&actions);
        close_pair(in); close_pair(out); close_pair(err);
        return result;
    }

    sigset_t empty, all;
    sigemptyset(&empty);
    sigfillset(&all);
    if (result == 0) result = stdin_out != NULL
        ? posix_spawn_file_actions_adddup2(&actions, in[0], 0)
        : posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    if (result == 0) result = posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    if (result == 0) result = posix_spawn_file_actions_adddup2(&actions, err[1], 2);
    if (result == 0) result = posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    if (result == 0 && cwd != NULL) result = posix_spawn_file_actions_addchdir_np(&actions, cwd);
    if (result == 0) result = posix_spawnattr_setflags(&attributes,
        POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    if (result == 0) result = posix_spawnattr_setpgroup(&attributes, 0);
    if (result == 0) result = posix_spawnattr_setsigmask(&attributes, &empty);
    if (result == 0) result = posix_spawnattr_setsigdefault(&attributes, &all);

    pid_t pid = -1;
    if (result == 0) result = posix_spawn(&pid, path, &actions, &attributes, argv, envp);

    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (in[0] >= 0) close(in[0]);
    close(out[1]);
    close(err[1]);
    if (result != 0) {
        if (in[1] >= 0) close(in[1]);
        close(out[0]);
        close(err[0]);
        return result;
    }
    if (stdin_out != NULL) {
        fcntl(in[1], F_SETFL, fcntl(in[1], F_GETFL) | O_NONBLOCK);
        *stdin_out = in[1];
    }
    fcntl(out[0], F_SETFL, fcntl(out[0], F_GETFL) | O_NONBLOCK);
    fcntl(err[0], F_SETFL, fcntl(err[0], F_GETFL) | O_NONBLOCK);
    *pid_out = pid;
    *stdout_out = out[0];
    *stderr_out = err[0];
    return 0;
}

ssize_t vigil_write_without_sigpipe(int fd, const void *bytes, size_t count) {
    sigset_t pipe_only, pending, previous;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    sigemptyset(&pending);
    sigpending(&pending);
    int was_pending = sigismember(&pending, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_only, &previous);
    ssize_t written;
    do {
        written = write(fd, bytes, count);
    } while (written < 0 && errno == EINTR);
    int saved = errno;
    if (written < 0 && saved == EPIPE && !was_pending) {
        // The SIGPIPE this write raised is pending on the thread: take it before unblocking.
        struct timespec now = {0, 0};
        while (sigtimedwait(&pipe_only, NULL, &now) < 0 && errno == EINTR) {}
    }
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    errno = saved;
    return written;
}

int vigil_pidfd_open(pid_t pid) {
#ifdef SYS_pidfd_open
    return (int)syscall(SYS_pidfd_open, pid, 0);
#else
    (void)pid;
    errno = ENOSYS;
    return -1;
#endif
}

int vigil_has_terminated(pid_t pid) {
    siginfo_t info;
    memset(&info, 0, sizeof info);
    int result;
    do {
        result = waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT);
    } while (result != 0 && errno == EINTR);
    if (result != 0) return -1;
    return info.si_pid == pid ? 1 : 0;
}

int vigil_reap(pid_t pid, int *exit_code, int *signal_number) {
    int status = 0;
    pid_t result;
    do {
        result = waitpid(pid, &status, 0);
    } while (result < 0 && errno == EINTR);
    if (result < 0) return -1;
    *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
    *signal_number = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    return 0;
}

const char *vigil_signal_abbreviation(int signal_number) {
    return sigabbrev_np(signal_number);
}

int vigil_release_free_memory(void) {
    return malloc_trim(0);
}
