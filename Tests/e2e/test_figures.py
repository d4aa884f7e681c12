"""Figures through the real binary: the formats, the converter's absence, plot_dpi, and the
diagnostics of bad options (located, never a crash)."""
import os
import shutil
import struct
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"
MATCH = ("load demo ntrk as rwd\n"
         "match rwd by fusion NTRK1|NTRK2|NTRK3 ratio 10 exact cancer_type "
         "on age, smoking, practice_type, prior_lines, stage, months_to_test seed 2022 as matched\n")


def png_size(path):
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_svg_png_and_pdf_of_each_kind(survql, tmp_path):
    q = MATCH + "\n".join([
        f'plot survival matched by fusion entry months_to_test to "{tmp_path}/km.svg"',
        f'plot incidence rwd by ecog to "{tmp_path}/cif.png" legend inside',
        f'plot forest rwd by fusion NTRK1|NTRK2|NTRK3 adjust age, ecog to "{tmp_path}/forest.pdf"',
        f'plot balance matched to "{tmp_path}/balance.png"',
    ])
    r = survql("-c", q)
    assert r.code == 0, r.err
    root = ET.parse(tmp_path / "km.svg").getroot()
    assert len([p for p in root.iter(NS + "path") if p.get("class") == "curve"]) == 2
    assert png_size(tmp_path / "cif.png")[0] > 0
    assert (tmp_path / "forest.pdf").read_bytes()[:4] == b"%PDF"
    assert png_size(tmp_path / "balance.png")[0] > 0


def test_plot_dpi_scales_the_png(survql, tmp_path):
    r = survql("-c", "load demo ntrk as rwd\n"
               f'plot survival rwd to "{tmp_path}/a.png" size 800 x 600\n'
               "set plot_dpi 192\n"
               f'plot survival rwd to "{tmp_path}/b.png" size 800 x 600')
    assert r.code == 0, r.err
    wa, ha = png_size(tmp_path / "a.png")
    wb, hb = png_size(tmp_path / "b.png")
    assert wa == round(800 * 150 / 96) and ha == round(600 * 150 / 96)
    assert wb == 1600 and hb == 1200


def test_missing_converter_names_the_package(tmp_path):
    from conftest import binary
    import subprocess
    bindir = tmp_path / "bin"
    bindir.mkdir()
    env = {**os.environ, "PATH": str(bindir), "NO_COLOR": "1"}
    q = f'load demo ntrk as rwd\nplot survival rwd to "{tmp_path}/km.png"'
    p = subprocess.run([binary(), "-c", q], capture_output=True, text=True, env=env, timeout=120)
    assert p.returncode == 1
    assert "rsvg-convert is not installed" in p.stderr and "librsvg2-bin" in p.stderr
    assert ":2:" in p.stderr  # located on the plot statement
    # SVG needs no converter.
    q = f'load demo ntrk as rwd\nplot survival rwd to "{tmp_path}/km.svg"'
    p = subprocess.run([binary(), "-c", q], capture_output=True, text=True, env=env, timeout=120)
    assert p.returncode == 0, p.stderr
    assert shutil.which("rsvg-convert"), "scripts/setup.sh installs librsvg2-bin"


def test_check_and_run_agree_on_an_unsupported_format(survql, tmp_path):
    q = f'load demo ntrk as rwd\nplot survival rwd to "{tmp_path}/km.gif"'
    path = tmp_path / "q.survql"
    path.write_text(q)
    checked = survql("check", str(path))
    ran = survql("run", str(path))
    assert checked.code == 1 and ran.code == 1
    message = "a plot is written as SVG, PNG or PDF"
    assert message in checked.err and message in ran.err
    assert "q.survql:2:" in checked.err and "q.survql:2:" in ran.err


def test_bad_options_are_located_diagnostics(survql, tmp_path):
    cases = {
        'labels ("a")': "1 label for 4 groups",
        'colors ("blue", "nope", "red", "green")': "'nope' is not a colour",
        "size 10 x 10": "figure size",
        "legend left": "after 'legend'",
    }
    for option, message in cases.items():
        r = survql("-c", f'load demo ntrk as rwd\nplot survival rwd by ecog to "{tmp_path}/k.svg" {option}')
        assert r.code == 1, option
        assert message in r.err and "<command line>:2:" in r.err, (option, r.err)
        assert "internal error" not in r.err and "Fatal" not in r.err


def test_json_result_of_a_plot(survql, tmp_path):
    r = survql("--format", "json", "-c", f'load demo ntrk as rwd\nplot survival rwd to "{tmp_path}/k.svg"')
    assert r.code == 0, r.err
    plot = [o for o in r.json_lines() if o.get("verb") == "plot"][0]
    assert plot["kind"] == "message" and plot["path"].endswith("k.svg") and plot["format"] == "svg"
