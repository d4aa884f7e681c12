"""`describe` on the real cBioPortal studies reports the counts an independent reading of the
raw files gives (a fusion-positive patient: any sample with an SV row naming the gene as Site1
or Site2)."""
import csv
import pathlib

import pytest

from conftest import SHARED

GENES = ["ALK", "ROS1", "NTRK1", "NTRK2", "NTRK3", "RET"]
STUDIES = ["msk_impact_2017", "msk_met_2021", "nsclc_pd1_msk_2018", "cbioportal_study_es_0"]


def rows(path: pathlib.Path):
    with path.open(newline="") as f:
        lines = [l for l in f if not l.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def independent_counts(study: pathlib.Path):
    samples = {}
    sample_file = next((p for p in study.glob("data_clinical_sample*.txt")), None) or \
        next((p for p in study.glob("data_clinical_samples*.txt")), None)
    if sample_file:
        for r in rows(sample_file):
            samples[r["SAMPLE_ID"]] = r["PATIENT_ID"]
    patient_file = next(iter(sorted(study.glob("data_clinical_patient*.txt"))))
    patients = {r["PATIENT_ID"] for r in rows(patient_file)}
    sv_file = next((p for p in (study / "data_sv.txt", study / "data_structural_variants.txt") if p.exists()), None)
    positive = {g: set() for g in GENES}
    if sv_file:
        for r in rows(sv_file):
            keys = {k.lower(): v for k, v in r.items() if k}
            sample = keys.get("sample_id") or keys.get("tumor_sample_barcode")
            patient = samples.get(sample) or "-".join(sample.split("-")[:2])
            for g in GENES:
                if g in (keys.get("site1_hugo_symbol", "").strip(), keys.get("site2_hugo_symbol", "").strip()):
                    positive[g].add(patient)
    return patients, samples, {g: len(v) for g, v in positive.items()}


@pytest.mark.parametrize("name", STUDIES)
def test_describe_counts(survql, name):
    study = SHARED / "data" / name
    patients, samples, positive = independent_counts(study)
    run = survql("-c", f'load "{study}" as s\ndescribe s', "--format", "json", timeout=300)
    assert run.code == 0, run.err
    d = run.json_lines()[-1]
    assert d["kind"] == "describe"
    assert d["patients"] == len(patients)
    if samples:
        assert d["samples"] == len(samples)
    genes = {g["gene"]: g["patients"] for g in d["alterations"]["fusion_genes"]}
    for g in GENES:
        assert genes.get(g, 0) == positive[g], g
    print(name, d["patients"], d["samples"], d["alterations"]["sv_profiled_samples"], positive)


def test_msk_impact_2017_known_counts(survql):
    study = SHARED / "data" / "msk_impact_2017"
    _, _, positive = independent_counts(study)
    assert (positive["ALK"], positive["ROS1"], positive["NTRK1"], positive["NTRK2"], positive["NTRK3"]) == (49, 40, 10, 1, 10)
