"""Citations used by protocol 2026.11, in one place so the same source reads the same everywhere.

Status tags follow the project's evidence base: [V] figure checked against the source text,
[V2] seen only in a secondary source citing the paper, [C] computed from verified Sn/Sp.
Figures that could not be confirmed are not shipped as hard numbers; links that use them are
marked as clinical estimates.
"""

from __future__ import annotations

# Load family: gluteal tendons
GRIMALDI_2017 = (
    "Grimaldi A et al. 2017, Br J Sports Med 51:519-24 (clinical tests vs MRI-confirmed gluteal "
    "tendinopathy, n=65)"
)
LEQUESNE_2008 = (
    "Lequesne M et al. 2008, Arthritis Rheum (Arthritis Care Res) - 17 refractory GTPS patients "
    "vs matched pain-free controls (case-control)"
)
FEARON_2013 = (
    "Fearon AM et al. 2013 - GTPS clinical definition study (GTPS vs hip OA vs controls; "
    "classification tree with lateral hip pain on FABER)"
)
REIMAN_2013_POOLED = (
    "Pooled hip-test table in a Br J Sports Med meta-analysis, attributed to Reiman MP et al. "
    "2013, Br J Sports Med 47:893 (3 studies, n=78, for gluteal tendinopathy/tear)"
)
GRIMALDI_FEARON_2015 = (
    "Grimaldi A & Fearon A 2015, J Orthop Sports Phys Ther (gluteal tendinopathy: compression "
    "and load principles); Grimaldi A et al. 2015, Sports Med"
)
ALLISON_2016 = (
    "Allison K et al. 2016, Med Sci Sports Exerc 48:346-52 (abduction torque 32% lower on the "
    "symptomatic side in gluteal tendinopathy) [V]"
)
MELLOR_2018 = (
    "Mellor R et al. 2018, BMJ 361:k1662 (LEAP RCT, n=204: education + exercise 77% global "
    "success at 8 weeks vs 58% injection vs 29% wait-and-see) [V]"
)

# Load family: hamstring origin
CACCHIO_2012 = (
    "Cacchio A et al. 2012, Br J Sports Med 46:883-7 (46 athletes with proximal hamstring "
    "tendinopathy vs 46 without; case-control) [V]"
)
GOOM_2016 = (
    "Goom TSH et al. 2016, J Orthop Sports Phys Ther (proximal hamstring tendinopathy: reduce "
    "compression, keep tensile load, staged loading)"
)
REIMAN_2013_HAMSTRING = (
    "Reiman MP et al. 2013, J Orthop Sports Phys Ther (systematic review of hamstring injury "
    "tests: no robust accuracy data for palpation or strain tests)"
)

# Nerve family
MARTIN_2014 = (
    "Martin HD et al. 2014, Knee Surg Sports Traumatol Arthrosc 22:882-8 (sciatic nerve "
    "entrapment at endoscopy, n=33: 23 entrapped vs 10 controls; retrospective) [V]"
)
FISHMAN_2002 = (
    "Fishman LM et al. 2002, Arch Phys Med Rehabil 83:295-301 (n=918; reference standard is "
    "FAIR-position H-reflex delay, so partly circular)"
)
DEVILLE_2000 = (
    "Deville WL et al. 2000, Spine 25:1140-7 (meta-analysis of 11 surgical series for disc "
    "herniation) [V], LRs computed [C]"
)
MAJLESI_2008 = (
    "Majlesi J et al. 2008, J Clin Rheumatol 14:87-91 (slump vs SLR, MRI reference, n=75): slump "
    "Sn 0.84 [V2]; specificity reported as 0.83 or 0.89 (unconfirmed)"
)
TAWA_2017 = (
    "Systematic review of the neurological examination for lumbosacral radiculopathy, "
    "BMC Musculoskelet Disord, doi 10.1186/s12891-016-1383-2 (12 studies)"
)
SCHAFER_2009 = (
    "Schafer A et al. 2009, Man Ther 14:222-30 (low back-related leg pain subgroups: neuropathic "
    "sensitisation, denervation, peripheral nerve sensitisation, musculoskeletal) [V]"
)
SMART_2012 = (
    "Smart KM et al. 2012, Man Ther 17 (Parts 1-3: clinical indicators of nociceptive, peripheral "
    "neuropathic and central sensitisation pain, n=464)"
)
KOSEK_2021 = (
    "Kosek E et al. 2021, Pain (IASP clinical criteria for nociplastic pain), as summarised by "
    "Nijs J et al. 2021, J Clin Med 10:3203"
)

# Referred family
LASLETT_2005 = (
    "Laslett M et al. 2005, Man Ther 10:207-18 (SIJ provocation tests vs intra-articular block, "
    "n=48) [V]"
)
LASLETT_2003 = (
    "Laslett M et al. 2003, Aust J Physiother 49:89-97 (apply the SIJ cluster after excluding "
    "patients whose pain centralises) [V2]"
)
LASLETT_CENTRALISATION = (
    "Laslett M et al. 2005, Spine J 5:370-80 and Laslett M et al. 2006, Eur Spine J "
    "(centralisation vs discography: specificity 0.80-1.00, sensitivity below 0.5) [V]"
)
LONG_2004 = (
    "Long A et al. 2004, Spine 29:2593-602 (RCT, n=312: directional preference in 74%; matched "
    "exercise beat opposite/non-directional exercise) [V]"
)
REIMAN_2015 = (
    "Reiman MP et al. 2015, Br J Sports Med (FAI/labral tests meta-analysis: FADIR is a screening "
    "test only) [V]"
)
FAI_GRADING_TABLE = (
    "Br J Sports Med FAI syndrome consensus grading table (restricted IR in neutral: LR+ 4.83, "
    "LR- 0.76, single cohort n=63; year and primary paper unconfirmed)"
)
ALTMAN_1991 = (
    "Altman R et al. 1991, Arthritis Rheum 34:505-14 (ACR hip OA criteria: hip pain + IR <15 deg "
    "+ flexion <=115 deg, Sn 0.86 / Sp 0.75 [V], LR+ 3.4 [V2]; alternative branch: painful IR, "
    "morning stiffness <=60 min, age >50)"
)
SUTLIVE_2008 = (
    "Sutlive TG et al. 2008, J Orthop Sports Phys Ther 38:542-50 (hip OA prediction rule; "
    "squatting aggravates is one of its 5 items) [V2]"
)
HIP_WEAKNESS = (
    "Harris-Hayes M et al. 2014, J Orthop Sports Phys Ther; Mayne E et al. 2017, Bone Joint Res "
    "(weaker hip rotators/abductors in FAI and chronic hip joint pain; direction only) [V]"
)

# Strength testing
THORBORG_2010 = (
    "Thorborg K et al. 2010, Scand J Med Sci Sports 20:493-501 (hand-held dynamometry: "
    "between-session variation 3-12%, <5-8% with best of 4 trials) [V]"
)

# Red flags
FINUCANE_2020 = (
    "Finucane LM et al. 2020, J Orthop Sports Phys Ther 50(7):350-72 (IFOMPT international "
    "framework for red flags) [V]"
)
CES_48H = (
    "UK spine surgeons' patient information on cauda equina syndrome (better outcomes reported "
    "with decompression within 48 h of onset) [V]"
)
BICKELS_1999 = (
    "Bickels J et al. 1999, Spine 24:1611-6 (extraspinal tumours along the sciatic nerve: "
    "constant progressive pain, mean delay to diagnosis 11.9 months) [V]"
)
SEPTIC_SIJ = (
    "Weisz 2012, BMJ Case Rep and Guin 2026, Cureus (pyogenic sacroiliitis, often missed because "
    "early imaging can look normal) [V]"
)
ROBERTSON_WOOD_2017 = (
    "Robertson GAJ & Wood AM 2017 (PMC6226070) femoral neck stress fractures: X-ray first then "
    "MRI; tension-side fractures need urgent orthopaedic review [V]"
)
HAMSTRING_AVULSION = (
    "Colosimo AJ et al. (proximal hamstring avulsion: pop, bruising 3-7 days later, difficulty "
    "sitting, palpable defect) [V]; Subbu R et al. 2015, Am J Sports Med (repair timing) [V title]"
)
NO_SOURCE_OTHER = (
    "Listed as a consideration in the project evidence base without a retrieved source "
    "(buttock claudication, inflammatory sacroiliitis); clinical reasoning only"
)

# Treatment
SILBERNAGEL_2007 = (
    "Silbernagel KG et al. 2007 pain-monitoring model: pain <=3/10 safe, up to 5/10 acceptable, "
    "no worse the next morning [V]"
)
HEIDERSCHEIT_2011 = (
    "Heiderscheit BC et al. 2011, Med Sci Sports Exerc 43:296-302 (step rate +10% lowered hip "
    "adduction and hip energy absorption) [V]"
)
COPPIETERS_BUTLER_2008 = (
    "Coppieters MW & Butler DS 2008, Man Ther 13:213-21 (sliders: more nerve excursion with far "
    "less strain than tensioners) [V]"
)
PARK_2016 = (
    "Park MS et al. 2016, BMC Musculoskelet Disord (endoscopic sciatic decompression for "
    "refractory deep gluteal syndrome) [V]"
)
JONELY_2015 = "Jonely H et al. 2015, J Man Manip Ther (PMC4459139; multimodal SIJ care case) [V]"
CIBULKA_2009 = "Cibulka MT et al. 2009, J Orthop Sports Phys Ther (APTA hip OA guideline) [V]"
CUSHMAN_CASE = (
    "Case report (PMC4615691): proximal hamstring tendinopathy, eccentric hip-extension loading, "
    "VISA-H 23 to 83 at 12 weeks [V]"
)
NOCIPLASTIC_CARE = (
    "Principle-level guidance for nociplastic-dominant pain (education, graded activity, sleep "
    "and stress care); no trial data retrieved"
)


# Outcome measures (exam/protocol/outcomes.py): not part of a protocol version's reasoning
SALAFFI_2004 = (
    "Salaffi F et al. 2004, Eur J Pain 8:283-91 (chronic musculoskeletal pain: about 1 point or "
    "15% is a minimal change, 2 points or about a third is 'much better' for patients) [V]"
)
ABBOTT_SCHMITT_2014 = (
    "Abbott JH & Schmitt JS 2014, J Orthop Sports Phys Ther 44:560-4 (1,708 patients in 5 "
    "physiotherapy clinics: PSFS important change 1.3 small, 2.3 medium, 2.7 large; NPRS 1.5 to "
    "3.5 points) [V abstract]"
)
STRATFORD_1995 = (
    "Stratford P et al. 1995, Physiother Can 47:258-63 (PSFS: up to 3 patient-chosen "
    "activities 0-10, score is their mean; detectable change 2 points for the mean and 3 points "
    "for one activity, 90% confidence) [V]; free to use (RehabMeasures listing) [V]"
)
KAMPER_2009 = (
    "Kamper SJ et al. 2009, J Man Manip Ther 17:163-70 (global rating of change scales: "
    "strengths, weaknesses and design; the patient's own rating of change, often used as the "
    "anchor for other measures' important change) [V abstract]"
)
FEARON_2024_COS = (
    "Fearon AM, Grimaldi A et al. 2024, Br J Sports Med 58:245-54 (ICON 2020 core outcome set "
    "for gluteal tendinopathy: interim measures include global rating of change, time to pain "
    "onset in single-leg stance, hip abduction strength and pain over the last week; none had "
    "adequate measurement properties yet) [V abstract]"
)
FEARON_2015_VISAG = (
    "Fearon AM et al. 2015 (VISA-G: 8 items in the VISA format, total 0-100, higher is better) "
    "[V2]; Nasser AM et al. 2022, Br J Sports Med 56:877 (COSMIN review: moderate-quality "
    "evidence of responsiveness, low-quality evidence of reliability and measurement error; no "
    "important-change figure reported) [V abstract]"
)
CACCHIO_2014_VISAH = (
    "Cacchio A, De Paulis F & Maffulli N 2014, Br J Sports Med 48:448-52 (VISA-H for proximal "
    "hamstring tendinopathy: 8 items, total 0-100, higher is better; internal consistency 0.84, "
    "test-retest ICC 0.90-0.95; no important-change figure) [V abstract]"
)
NASSER_PHT_REVIEW = (
    "Nasser A et al. (systematic review towards a core outcome set in proximal hamstring "
    "tendinopathy, COSMIN database; year not confirmed): VISA-H is the only instrument with "
    "measurement-property evidence, low-quality evidence of sufficient measurement error [V "
    "abstract]"
)
LICENCE_NOT_VERIFIED = (
    "Licence for reproducing the questionnaire in software not verified (project evidence base, "
    "section 4)"
)


def estimate(basis: str) -> str:
    """Citation text for a weight that no study measured: say what pattern it is based on."""
    return f"Clinical estimate based on {basis}"
