/* C shims for libedit (histedit.h). el_set, el_get and history are C-variadic, which Swift
 * cannot call, so each use gets a one-line static inline wrapper here. Swift 6 also rejects
 * references to C globals such as stdin/stdout, so they are returned from functions. */
#ifndef SURVQL_CLIBEDIT_SHIM_H
#define SURVQL_CLIBEDIT_SHIM_H

#include <stdio.h>
#include <locale.h>
#include <langinfo.h>
#include <histedit.h>

typedef char *(*survql_prompt_fn)(EditLine *);
typedef unsigned char (*survql_complete_fn)(EditLine *, int);

static inline FILE *survql_stdin(void) { return stdin; }
static inline FILE *survql_stdout(void) { return stdout; }
static inline FILE *survql_stderr(void) { return stderr; }

static inline int survql_el_set_prompt(EditLine *el, survql_prompt_fn f) { return el_set(el, EL_PROMPT, f); }
static inline int survql_el_set_editor(EditLine *el, const char *mode) { return el_set(el, EL_EDITOR, mode); }
static inline int survql_el_set_hist(EditLine *el, History *h) { return el_set(el, EL_HIST, history, h); }
static inline int survql_el_set_signal(EditLine *el, int on) { return el_set(el, EL_SIGNAL, on); }
static inline const char *survql_el_get_editor(EditLine *el) {
    const char *mode = NULL;
    if (el_get(el, EL_EDITOR, &mode) != 0) return NULL;
    return mode;
}
static inline int survql_el_set_clientdata(EditLine *el, void *data) { return el_set(el, EL_CLIENTDATA, data); }
static inline void *survql_el_get_clientdata(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}
static inline int survql_el_addfn(EditLine *el, const char *name, const char *help, survql_complete_fn f) {
    return el_set(el, EL_ADDFN, name, help, f);
}
static inline int survql_el_bind(EditLine *el, const char *key, const char *fn) {
    return el_set(el, EL_BIND, key, fn, NULL);
}

static inline int survql_history_setsize(History *h, int n) { HistEvent ev; return history(h, &ev, H_SETSIZE, n); }
static inline int survql_history_setunique(History *h, int on) { HistEvent ev; return history(h, &ev, H_SETUNIQUE, on); }
static inline int survql_history_enter(History *h, const char *line) { HistEvent ev; return history(h, &ev, H_ENTER, line); }
static inline int survql_history_load(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_LOAD, path); }
static inline int survql_history_save(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_SAVE, path); }

static inline int survql_el_set_prompt_esc(EditLine *el, survql_prompt_fn f, char marker) { return el_set(el, EL_PROMPT_ESC, f, marker); }
static inline int survql_el_set_rprompt(EditLine *el, survql_prompt_fn f) { return el_set(el, EL_RPROMPT, f); }

/* The terminal's size (rows and columns of fd's window); 0 when fd is not a terminal. */
#include <sys/ioctl.h>
#include <unistd.h>
#include <signal.h>
#include <string.h>
static inline int survql_term_columns(int fd) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0) return 0;
    return ws.ws_col;
}
static inline int survql_term_rows(int fd) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0) return 0;
    return ws.ws_row;
}

/* Signal flags for the REPL. Handlers only set a sig_atomic_t; the REPL's threads poll them.
 * The flags are weak definitions, not static: an optimised build may inline these functions
 * into several object files, and each would otherwise get its own copy of a static flag (the
 * handler writing one, the poller reading another). The linker keeps one weak definition.
 * Installed with sigaction and without SA_RESTART so that Ctrl-C interrupts el_gets (EINTR). */
__attribute__((weak)) volatile sig_atomic_t survql_sigint_count = 0;
__attribute__((weak)) volatile sig_atomic_t survql_sigterm_seen = 0;
__attribute__((weak)) volatile sig_atomic_t survql_sigwinch_seen = 0;
static void survql_on_signal(int signo) {
    if (signo == SIGINT) survql_sigint_count++;
    else if (signo == SIGTERM || signo == SIGHUP) survql_sigterm_seen = 1;
    else if (signo == SIGWINCH) survql_sigwinch_seen = 1;
}
static inline void survql_install_signal_handlers(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = survql_on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGWINCH, &sa, NULL);
}
static inline int survql_take_sigint(void) { int n = survql_sigint_count; survql_sigint_count = 0; return n; }
static inline int survql_peek_sigint(void) { return survql_sigint_count; }
static inline int survql_sigterm(void) { return survql_sigterm_seen; }
static inline int survql_take_sigwinch(void) { int n = survql_sigwinch_seen; survql_sigwinch_seen = 0; return n; }

/* Use the user's locale so libedit keeps non-ASCII bytes; fall back to C.UTF-8. */
static inline void survql_setup_locale(void) {
    setlocale(LC_CTYPE, "");
    const char *cs = nl_langinfo(CODESET);
    if (cs == NULL || (cs[0] != 'U' && cs[0] != 'u')) setlocale(LC_CTYPE, "C.UTF-8");
}

#endif
