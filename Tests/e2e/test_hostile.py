"""Hostile input and faults, through the real binary.

Every run goes through `hostile()`: the binary runs under a virtual-memory limit (ulimit -v),
with a time limit, and the harness checks that the exit code is one of SurvQL's (0, 1, 2; a
signal or a Swift trap fails the test), that stderr stays small, and that every input file
kept its checksum and its file type (a link stays a link, a FIFO a FIFO).
"""
import hashlib
import os
import pathlib
import resource
import shutil
import signal
import stat
import subprocess
import threading
import time

import pytest

from conftest import SHARED, binary

VMEM_LIMIT = 4 << 30          # bytes of address space for the binary (ulimit -v)
STDERR_LIMIT = 64 << 10       # no hostile case may print more than this on stderr
STUDY = SHARED / "data" / "nsclc_pd1_msk_2018"
TABLE = "id\tos_months\tos_status\tage\tstage\n1\t3\t1\t50\tI\n2\t8\t0\t61\tII\n3\t12\t1\t70\tIII\n4\t5\t0\t45\tI\n"


def snapshot(paths):
    """Checksum and file type (lstat) of every path, and of every file under a folder."""
    out = {}
    for p in paths:
        p = pathlib.Path(p)
        items = [p] + (sorted(p.rglob("*")) if p.is_dir() and not p.is_symlink() else [])
        for q in items:
            st = os.lstat(q)
            digest = None
            if stat.S_ISREG(st.st_mode):
                digest = hashlib.sha256(q.read_bytes()).hexdigest()
            elif stat.S_ISLNK(st.st_mode):
                digest = os.readlink(q)
            out[str(q)] = (stat.S_IFMT(st.st_mode), digest)
    return out


class Hostile:
    def __init__(self, code, out, err, elapsed):
        self.code, self.out, self.err, self.elapsed = code, out, err, elapsed


def limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (VMEM_LIMIT, VMEM_LIMIT))


def hostile(*args, stdin=None, stdin_file=None, cwd=None, inputs=(), timeout=120, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            expect=(0, 1, 2), stderr_limit=STDERR_LIMIT, restore_signals=True):
    """Runs the binary under the limits and checks the invariants; returns the run."""
    before = snapshot(inputs)
    start = time.monotonic()
    feed = {"stdin": stdin_file} if stdin_file is not None else {"input": stdin}
    proc = subprocess.run([binary(), *args], **feed, stdout=stdout, stderr=stderr, cwd=cwd, timeout=timeout,
                          env={**os.environ, "NO_COLOR": "1"}, preexec_fn=limit_memory, restore_signals=restore_signals)
    elapsed = time.monotonic() - start
    err = proc.stderr if isinstance(proc.stderr, bytes) else b""
    assert proc.returncode in expect, f"exit {proc.returncode} for {args}:\n{err[-3000:].decode(errors='replace')}"
    assert b"Fatal error" not in err and b"Stack dump" not in err, err[-3000:]
    assert len(err) <= stderr_limit, f"{len(err)} bytes on stderr"
    assert snapshot(inputs) == before, "an input changed (contents or type)"
    return Hostile(proc.returncode, proc.stdout, err, elapsed)


@pytest.fixture
def work(tmp_path):
    (tmp_path / "t.tsv").write_text(TABLE)
    shutil.copytree(STUDY, tmp_path / "study")
    for p in [tmp_path / "study", *(tmp_path / "study").rglob("*")]:
        p.chmod(0o755 if p.is_dir() else 0o644)
    return tmp_path


# MARK: I/O faults

QUERY = b"load demo ntrk as r\ndescribe r\nsurvive r by cancer_type\n"


@pytest.mark.parametrize("args", [["-c", QUERY.decode()], ["run", "-"], []])
def test_stdout_on_a_full_disk_is_one_line_and_exit_1(args, work):
    with open("/dev/full", "wb") as full:
        r = hostile(*args, stdin=QUERY, cwd=work, stdout=full, expect=(1,))
    lines = r.err.decode().strip().splitlines()
    assert len(lines) == 1 and "cannot write to standard output" in lines[0] and "No space left" in lines[0]


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["run", "--help"]])
def test_help_on_a_full_disk_is_a_usage_error(args):
    with open("/dev/full", "wb") as full:
        r = hostile(*args, stdout=full, expect=(2,))
    assert r.err.count(b"\n") == 1 and b"No space left" in r.err
    ok = hostile(*args, expect=(0,))
    assert ok.out


def test_stderr_on_a_full_disk_exits_1_without_a_trap(work):
    # A warning goes to stderr; stderr is /dev/full, so there is nowhere to report: exit 1.
    with open("/dev/full", "wb") as full:
        r = hostile("-c", 'load demo ntrk as r; let x = r where cancer_type = "zz"', cwd=work, stderr=full, expect=(1,))
    assert r.out.startswith(b"loaded r")


def test_stdout_closed_is_one_line_and_exit_1(work):
    r = hostile("-c", "load demo ntrk as r; describe r", cwd=work, stdout=subprocess.DEVNULL, expect=(0,))
    proc = subprocess.run(f"exec {binary()} -c 'load demo ntrk as r; describe r' >&-", shell=True, cwd=work,
                          capture_output=True, timeout=120, preexec_fn=limit_memory)
    assert proc.returncode == 1
    assert proc.stderr.decode().count("\n") == 1 and "Bad file descriptor" in proc.stderr.decode()
    assert r.code == 0


def test_closed_stderr_never_lands_in_an_export(work):
    # With stderr closed, the export's temporary file must not become descriptor 2 and receive
    # the diagnostics: the exported table is exactly the table.
    proc = subprocess.run(f"exec {binary()} -c 'load \"t.tsv\" as t; export t to \"x.tsv\"; let x = t where stage = \"zz\"' 2>&-",
                          shell=True, cwd=work, capture_output=True, timeout=120, preexec_fn=limit_memory)
    assert proc.returncode == 1
    assert (work / "x.tsv").read_text() == TABLE
    proc = subprocess.run(f"exec {binary()} -c 'load \"t.tsv\" as t; export t to \"y.tsv\"' >&- 2>&-",
                          shell=True, cwd=work, capture_output=True, timeout=120, preexec_fn=limit_memory)
    # The first result cannot be written: the run stops there, before the export.
    assert proc.returncode == 1 and proc.stderr == b""  # stderr is closed too: nowhere to say it
    assert not (work / "y.tsv").exists()


def pipe_then_close(restore_signals):
    """Reads the first line of a large output, closes the pipe, and returns (exit, stderr)."""
    proc = subprocess.Popen([binary(), "-c", 'load demo ntrk as r; export r to "-"'], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, preexec_fn=limit_memory, restore_signals=restore_signals)
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    return proc.wait(timeout=120), err


def test_sigpipe_ignored_then_the_reader_closes_is_one_line_and_exit_1():
    code, err = pipe_then_close(restore_signals=False)  # Python ignores SIGPIPE; the child inherits it
    assert code == 1, err
    lines = err.decode().strip().splitlines()
    assert len(lines) == 1 and "Broken pipe" in lines[0]


def test_default_sigpipe_exits_quietly():
    code, err = pipe_then_close(restore_signals=True)
    assert code == -signal.SIGPIPE
    assert err == b""


@pytest.mark.parametrize("stdin_path", ["/tmp", "/"])
def test_stdin_a_directory_is_a_usage_error(stdin_path):
    fd = os.open(stdin_path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        r = hostile(stdin_file=fd, expect=(2,))
    finally:
        os.close(fd)
    assert b"cannot read standard input: Is a directory" in r.err
    assert r.err.count(b"\n") == 1


def test_query_files_that_cannot_be_read(work):
    os.symlink("loop2", work / "loop1")
    os.symlink("loop1", work / "loop2")
    cases = {str(work): b"it is a directory", str(work / "nope.survql"): b"no such file",
             str(work / "loop1"): b"a loop of symbolic links"}
    for path, message in cases.items():
        r = hostile("run", path, expect=(2,), inputs=[work / "t.tsv"])
        assert message in r.err and r.err.count(b"\n") == 1


# MARK: Writing over data

@pytest.mark.parametrize("target", ["t.tsv", "./t.tsv", "study/data_sv.txt", "study/new.tsv", "link.tsv"])
@pytest.mark.parametrize("overwrite", ["", " overwrite"])
def test_export_never_writes_over_loaded_data(work, target, overwrite):
    os.symlink("t.tsv", work / "link.tsv")
    q = f'load "t.tsv" as t\nload "study" as s\nexport t to "{target}"{overwrite}\n'
    r = hostile("-c", q, cwd=work, inputs=[work / "t.tsv", work / "study", work / "link.tsv"], expect=(1,))
    assert b"refusing to write" in r.err
    assert not (work / "study" / "new.tsv").exists()


def test_the_query_file_itself_is_protected(work):
    q = work / "q.survql"
    q.write_text('load "t.tsv" as t\nexport t to "q.survql" overwrite\n')
    r = hostile("run", str(q), cwd=work, inputs=[q, work / "t.tsv"], expect=(1,))
    assert b"refusing to write" in r.err


def test_overwrite_symlink_fifo_and_stdout(work):
    (work / "old.tsv").write_text("keep\n")
    r = hostile("-c", 'load "t.tsv" as t; export t to "old.tsv"', cwd=work, inputs=[work / "old.tsv"], expect=(1,))
    assert b"already exists" in r.err and b"overwrite" in r.err
    hostile("-c", 'load "t.tsv" as t; export t to "old.tsv" overwrite', cwd=work, expect=(0,))
    assert (work / "old.tsv").read_text().startswith("id\tos_months")
    # Through a link: the target is written, the link stays.
    (work / "real.csv").write_text("x\n")
    os.symlink("real.csv", work / "via.csv")
    hostile("-c", 'load "t.tsv" as t; export t to "via.csv" overwrite', cwd=work, expect=(0,))
    assert os.path.islink(work / "via.csv") and (work / "real.csv").read_text().startswith("id,os_months")
    # A FIFO with a reader is written directly and stays a FIFO.
    os.mkfifo(work / "fifo")
    got = []
    reader = threading.Thread(target=lambda: got.append(open(work / "fifo", "rb").read()))
    reader.start()
    time.sleep(0.2)
    hostile("-c", 'load "t.tsv" as t; export t to "fifo"', cwd=work, expect=(0,))
    reader.join(10)
    assert got and got[0].startswith(b"id\tos_months") and stat.S_ISFIFO(os.lstat(work / "fifo").st_mode)
    # '-' and /dev/stdout: the table on standard output.
    for target in ["-", "/dev/stdout"]:
        r = hostile("-c", f'load "t.tsv" as t; export t to "{target}"', cwd=work, expect=(0,))
        assert b"id\tos_months\tos_status" in r.out


def test_a_fifo_without_reader_and_a_full_device_are_errors(work):
    os.mkfifo(work / "lonely")
    r = hostile("-c", 'load "t.tsv" as t; export t to "lonely"', cwd=work, inputs=[work / "lonely"], expect=(1,), timeout=20)
    assert b"nobody is reading" in r.err
    r = hostile("-c", 'load "t.tsv" as t; export t to "/dev/full"', cwd=work, expect=(1,))
    assert b"No space left" in r.err


@pytest.mark.parametrize("name", ["x.xlsx", "x.txt", "x"])
def test_an_unknown_extension_is_an_error(work, name):
    r = hostile("-c", f'load "t.tsv" as t; export t to "{name}"', cwd=work, expect=(1,))
    assert b".json, .jsonl, .csv, .tsv" in r.err and not (work / name).exists()


# MARK: Output floods (figures in the README: before 235 MB and 1.3 GB of stderr)

@pytest.mark.parametrize("size", [100_000, 1_000_000])
def test_a_nul_query_file_gives_bounded_stderr(work, size):
    q = work / "nul.survql"
    q.write_bytes(b"\0" * size)
    r = hostile("run", str(q), cwd=work, expect=(1,))
    print(f"NUL file of {size} bytes: {len(r.err)} bytes of stderr in {r.elapsed:.2f} s")
    assert len(r.err) < 32_000


def test_ten_thousand_unknown_values_give_one_warning(work):
    values = ", ".join(f'"v{i}"' for i in range(10_000))
    r = hostile("-c", f"load demo ntrk as r\nlet x = r where cancer_type in ({values})", cwd=work, expect=(0,))
    print(f"in (...) with 10,000 unknown values: {len(r.err)} bytes of stderr")
    assert r.err.count(b"warning: no row has") == 1 and b"9999 more like it" in r.err
    assert len(r.err) < 4_000


def test_a_long_line_is_quoted_as_a_slice(work):
    (work / "long.survql").write_text("describe " + "x" * 200_000 + "\n")
    r = hostile("run", str(work / "long.survql"), cwd=work, expect=(1,))
    assert max(len(line) for line in r.err.splitlines()) < 700


# MARK: Reading the unreadable

def test_loads_that_must_not_hang_or_read_forever(work):
    os.mkfifo(work / "p.tsv")
    os.symlink("la", work / "lb")
    os.symlink("lb", work / "la")
    (work / "u16.tsv").write_bytes(TABLE.encode("utf-16"))
    (work / "semi.csv").write_text("id;age\n1;50\n")
    (work / "empty_dir").mkdir()
    cases = {"/dev/zero": b"character device", "p.tsv": b"FIFO", "la": b"loop of symbolic links",
             "u16.tsv": b"UTF-16", "semi.csv": b'sep ";"', "empty_dir": b"without cBioPortal meta"}
    for path, message in cases.items():
        r = hostile("-c", f'load "{path}" as t', cwd=work, expect=(1,), timeout=20,
                    inputs=[work / "p.tsv", work / "la", work / "u16.tsv", work / "semi.csv"])
        assert message in r.err, (path, r.err)
        assert r.elapsed < 10
    r = hostile("-c", 'load "semi.csv" as t sep ";"; describe t', cwd=work, expect=(0,))
    assert b"age" in r.out


# MARK: Silent partial loads

def test_a_damaged_study_is_a_located_error(work):
    maf = work / "study" / "data_mutations.txt"
    data = maf.read_bytes()
    maf.write_bytes(data[: len(data) // 2])
    r = hostile("-c", 'load "study" as s', cwd=work, expect=(1,), inputs=[work / "study"])
    assert b"study/data_mutations.txt:" in r.err and b"fields, the header has" in r.err


def test_an_empty_meta_file_is_reported(work):
    (work / "study" / "meta_clinical_patient.txt").write_text("")
    r = hostile("-c", 'load "study" as s', cwd=work, expect=(0,))
    assert b"meta_clinical_patient.txt' is empty" in r.err
    assert b"no meta file names 'data_clinical_patient.txt'" in r.err


# MARK: Alterations on data that has none; numbers at the edges

@pytest.mark.parametrize("statement", ["prevalence t of fusion ALK", "survive t by fusion ALK", "compare t by mut KRAS"])
def test_alterations_on_a_plain_table(work, statement):
    r = hostile("-c", f'load "t.tsv" as t; {statement}', cwd=work, expect=(1,))
    assert b"has no" in r.err and b"data (a plain table)" in r.err


def test_inf_and_1e309_read_as_inf_and_the_median_follows_r(work):
    (work / "inf.tsv").write_text("id\tt\n1\t3\n2\t8\n3\t1e309\n")
    (work / "inf2.tsv").write_text("id\tt\n1\t3\n2\t8\n3\tInf\n")
    for f in ["inf.tsv", "inf2.tsv"]:
        r = hostile("-c", f'load "{f}" as t; describe t', cwd=work, expect=(0,))
        assert b"median 8" in r.out and b"max Inf" in r.out


# MARK: Memory per derived cohort

def test_many_lets_stay_near_the_memory_of_the_load(work):
    rows = 200_000
    with open(work / "big.tsv", "w") as f:
        f.write("id\tos_months\tos_status\tage\tstage\tx1\tx2\tx3\tx4\tx5\n")
        for i in range(rows):
            f.write(f"{i}\t{i % 97}.5\t{i % 2}\t{20 + i % 70}\t{'ABCD'[i % 4]}\t{i * 0.5}\t{i % 13}\t{i % 7}.25\t{i % 11}\t{i % 5}\n")
    (work / "load.survql").write_text('load "big.tsv" as b\n')
    (work / "lets.survql").write_text('load "big.tsv" as b\n' + "".join(
        f"let c{i} = {'b' if i % 2 == 0 else f'c{i - 1}'} where age >= {20 + i % 60}\n" for i in range(300)))

    def peak(script):
        r = subprocess.run(["/usr/bin/time", "-f", "%M", binary(), "run", script], cwd=work, capture_output=True, timeout=600)
        assert r.returncode == 0, r.stderr[-2000:]
        return int(r.stderr.decode().strip().splitlines()[-1])

    if not os.path.exists("/usr/bin/time"):
        pytest.fail("/usr/bin/time is not installed: run scripts/setup.sh")
    load, lets = peak("load.survql"), peak("lets.survql")
    print(f"peak RSS: load {load} KB, load + 300 lets {lets} KB ({lets / load:.2f}x)")
    assert lets <= 1.5 * load
