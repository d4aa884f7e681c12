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

/* Use the user's locale so libedit keeps non-ASCII bytes; fall back to C.UTF-8. */
static inline void survql_setup_locale(void) {
    setlocale(LC_CTYPE, "");
    const char *cs = nl_langinfo(CODESET);
    if (cs == NULL || (cs[0] != 'U' && cs[0] != 'u')) setlocale(LC_CTYPE, "C.UTF-8");
}

#endif
