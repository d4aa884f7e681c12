import Foundation
import SurvQLData
import SurvQLSyntax
import Testing

/// Independent counts from the raw files, computed with Python's csv module: patients,
/// samples, samples profiled for SVs, and fusion-positive patients per gene by the rule
/// "any sample with an SV row whose Site1 or Site2 gene is the gene".
private let countScript = #"""
import csv, os, sys, re
d = sys.argv[1]
def rows(f):
    return [r for r in csv.reader(open(os.path.join(d, f), newline=''), delimiter='\t') if r and not r[0].startswith('#')]
def meta(f):
    kv = {}
    for line in open(os.path.join(d, f)):
        if ':' in line:
            k, v = line.split(':', 1); kv.setdefault(k.strip(), v.strip())
    return kv
metas = {f: meta(f) for f in os.listdir(d) if f.startswith('meta_')}
def datafile(t, dt=None):
    for m in metas.values():
        if m.get('genetic_alteration_type') == t and (dt is None or m.get('datatype') == dt):
            p = m.get('data_filename')
            if p and os.path.exists(os.path.join(d, p)): return p
pf = datafile('CLINICAL', 'PATIENT_ATTRIBUTES'); sf = datafile('CLINICAL', 'SAMPLE_ATTRIBUTES')
patients = set(); s2p = {}
if pf:
    r = rows(pf); i = [c.upper() for c in r[0]].index('PATIENT_ID'); patients |= {x[i] for x in r[1:]}
def derive(s):
    m = re.match(r'^(P-\d+)-T', s)
    return m.group(1) if m else s
if sf:
    r = rows(sf); h = [c.upper() for c in r[0]]
    for x in r[1:]: s2p[x[h.index('SAMPLE_ID')]] = x[h.index('PATIENT_ID')]
else:
    gm = rows('data_gene_panel_matrix.txt')
    for x in gm[1:]: s2p[x[0]] = derive(x[0])
patients |= set(s2p.values())
# samples profiled for SVs: gene panel matrix column structural_variants not NA, else every sample
gm = rows('data_gene_panel_matrix.txt') if os.path.exists(os.path.join(d, 'data_gene_panel_matrix.txt')) else None
prof = set(s2p)
if gm and 'structural_variants' in gm[0]:
    j = gm[0].index('structural_variants')
    prof = {x[0] for x in gm[1:] if x[j] != 'NA' and x[0] in s2p}
svf = datafile('STRUCTURAL_VARIANT')
r = rows(svf); h = [c.lower() for c in r[0]]
si, a, b = h.index('sample_id'), h.index('site1_hugo_symbol'), h.index('site2_hugo_symbol')
out = [len(patients), len(s2p), len(prof)]
for g in ['ALK', 'ROS1', 'NTRK1', 'NTRK2', 'NTRK3', 'RET']:
    out.append(len({s2p[x[si]] for x in r[1:] if x[si] in s2p and g in (x[a], x[b])}))
print(' '.join(map(str, out)))
"""#

private let studies = ["msk_impact_2017", "msk_met_2021", "nsclc_pd1_msk_2018", "cbioportal_study_es_0"]
private let genes = ["ALK", "ROS1", "NTRK1", "NTRK2", "NTRK3", "RET"]

@Test(arguments: studies)
func studyLoadsWithIndependentCounts(_ name: String) throws {
    let outcome = try DataLoader.load(path: TestSupport.study(name))
    let ds = outcome.dataset
    var mine = [ds.patientCount, ds.samples?.ids.count ?? 0, ds.alterations.profiledSamples(.structuralVariant).count]
    for g in genes { mine.append(ds.alterations.patients(matching: .involving([g])).count) }
    let expected = try TestSupport.python(countScript, [TestSupport.study(name)])
        .split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
    print("\(name): patients \(mine[0]), samples \(mine[1]), SV-profiled samples \(mine[2]), "
          + zip(genes, mine[3...]).map { "\($0) \($1)" }.joined(separator: ", "))
    for w in outcome.warnings { print("  \(w.severity.rawValue) \(w.id): \(w.message)") }
    #expect(mine == expected)
}

@Test func mskImpactKnownFusionCounts() throws {
    let ds = try DataLoader.load(path: TestSupport.study("msk_impact_2017")).dataset
    let a = ds.alterations
    #expect(a.patients(matching: .involving(["ALK"])).count == 49)
    #expect(a.patients(matching: .involving(["ROS1"])).count == 40)
    #expect(a.patients(matching: .involving(["NTRK1"])).count == 10)
    #expect(a.patients(matching: .involving(["NTRK2"])).count == 1)
    #expect(a.patients(matching: .involving(["NTRK3"])).count == 10)
    #expect(a.patients(matching: .involving(["ALK", "ROS1", "NTRK1", "NTRK2", "NTRK3"])).count == 110)
    #expect(ds.patientCount == 10_336)
    #expect(ds.samples?.ids.count == 10_945)
    let os = try #require(ds.defaultEndpoint)
    #expect(os.name == "os")
    #expect(os.unit == "months")
    // CANCER_TYPE is a sample attribute lifted to patient level.
    let cancer = try #require(ds.patients.column(named: "cancer_type"))
    #expect(cancer.type == .category)
    #expect(ds.liftedAttributes.contains { $0.name == "CANCER_TYPE" })
    // The sample view has one row per sample with patient columns joined.
    let view = try #require(ds.sampleView())
    #expect(view.rowCount == 10_945)
    #expect(view.column(named: "OS_MONTHS") != nil)
}

@Test func survivalEndpointsOfStudies() throws {
    let impact = try DataLoader.load(path: TestSupport.study("msk_impact_2017")).dataset
    #expect(impact.endpoints.map(\.name) == ["os"])
    let es = try DataLoader.load(path: TestSupport.study("cbioportal_study_es_0")).dataset
    #expect(es.endpoints.map(\.name) == ["os", "dfs"])
    let nsclc = try DataLoader.load(path: TestSupport.study("nsclc_pd1_msk_2018")).dataset
    let pfs = try #require(nsclc.defaultEndpoint)
    #expect(pfs.name == "pfs")
    #expect(pfs.eventCount == 198)
    #expect(pfs.usableCount == 240)
    let met = try DataLoader.load(path: TestSupport.study("msk_met_2021")).dataset
    #expect(met.endpoint(named: "OS")?.events.filter { $0 == 1 }.count == 10_169)
    #expect(met.endpoint(named: "OS")?.usableCount == 25_659)
}
