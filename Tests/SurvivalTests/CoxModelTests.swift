import Foundation
import Testing
@testable import Survival

/// Every Cox result in reference.json (R 4.2.2, survival 3.5-3), field by field.
@Suite struct CoxModelTests {
    @Test func lungSex() throws {
        expectCoxMatches(try CoxFixtures.lungData(["sex"]).fit(), "lung_cox_sex")
    }

    @Test func lungSexBreslow() throws {
        expectCoxMatches(try CoxFixtures.lungData(["sex"]).fit(ties: .breslow), "lung_cox_sex_breslow")
    }

    @Test func lungSexAgeEcog() throws {
        let m = try CoxFixtures.lungData(["sex", "age", "ph.ecog"]).fit()
        expectCoxMatches(m, "lung_cox_sex_age_ecog")
        #expect(m.warnings.isEmpty)
        #expect(m.converged)
        #expect(!m.isRobust)
    }

    @Test func lungStrataInst() throws {
        expectCoxMatches(try CoxFixtures.lungData(["sex", "age", "ph.ecog"], strata: true).fit(), "lung_cox_strata_inst")
    }

    @Test func lungSexStrataInst() throws {
        expectCoxMatches(try CoxFixtures.lungData(["sex"], strata: true).fit(), "lung_cox_sex_strata_inst")
    }

    @Test func lungRobust() throws {
        let m = try CoxFixtures.lungData(["sex", "age", "ph.ecog"]).fit(robust: true)
        expectCoxMatches(m, "lung_cox_robust")
        #expect(m.isRobust)
        #expect(m.clusterCount == 227)
    }

    @Test func lungClusterInst() throws {
        let m = try CoxFixtures.lungData(["sex", "age", "ph.ecog"], cluster: true).fit()
        expectCoxMatches(m, "lung_cox_cluster_inst")
        #expect(m.isRobust, "robust defaults to true with clusters")
        #expect(m.clusterCount == 18)
    }

    @Test func lungLeftTruncatedSex() throws {
        let m = try CoxFixtures.lungLTData(["sex"]).fit()
        #expect(m.isCountingProcess)
        expectCoxMatches(m, "lungLT_cox_sex")
    }

    @Test func lungLeftTruncatedSexAgeEcog() throws {
        expectCoxMatches(try CoxFixtures.lungLTData(["sex", "age", "ph.ecog"]).fit(), "lungLT_cox_sex_age_ecog")
    }

    @Test func veteranTrt() throws {
        expectCoxMatches(try CoxFixtures.veteranData(["trt"]).fit(), "veteran_cox_trt")
    }

    @Test func veteranCelltype() throws {
        expectCoxMatches(try CoxFixtures.veteranData(["celltype"]).fit(), "veteran_cox_celltype")
    }

    @Test func veteranFull() throws {
        expectCoxMatches(try CoxFixtures.veteranData(["trt", "celltype", "karno", "age"]).fit(), "veteran_cox_trt_celltype_karno_age")
    }
}
