"""Hypothesis families, hypotheses with their priors, and red-flag conditions (protocol 2026.11)."""

from __future__ import annotations

from . import sources as src
from .types import Family, Hypothesis, RedFlag

FAMILIES = (
    Family(
        "load",
        "Load (tendon / muscle)",
        "A tendon or muscle that is overloaded",
        "Worse with stairs, running, single-leg effort and compression (sitting, side-lying); "
        "stiff the next day; tender tendon; pain on loaded tests.",
        "Your pain behaves like an overloaded tendon or muscle: it reacts to how much and how "
        "you load it, and it can be calmed and then strengthened.",
    ),
    Family(
        "nerve",
        "Nerve-sensitive",
        "A sensitive nerve",
        "Burning, zinging, easy spread; reactive to positions that tension or compress the "
        "nerve; stretching can make it worse.",
        "Your pain behaves like an irritated, sensitive nerve: it dislikes being squeezed or "
        "stretched for long, and it settles when it is given room and gentle movement.",
    ),
    Family(
        "referred",
        "Referred (back, sacroiliac joint, hip joint)",
        "Pain sent from the back or a nearby joint",
        "Symptoms change more with spine or hip movement than with local pressure.",
        "Your buttock pain seems to come from a nearby source, such as the low back, the joint "
        "at the back of the pelvis, or the hip joint, so treatment targets that source.",
    ),
)

_PRIOR_BASIS = src.estimate(
    "the relative frequency of these conditions among adults seen in physiotherapy for buttock / "
    "posterior-hip pain; no prevalence study of this exact case mix was found. The priors only "
    "set the starting point and are quickly outweighed by findings."
)


def _hyp(
    code: str,
    label: str,
    patient_label: str,
    family: str,
    prior: float,
    description: str,
    patient_description: str,
) -> Hypothesis:
    return Hypothesis(
        code=code,
        label=label,
        patient_label=patient_label,
        family=family,
        prior=prior,
        prior_source=_PRIOR_BASIS,
        description=description,
        patient_description=patient_description,
    )


HYPOTHESES = (
    _hyp(
        "gluteal_tendinopathy",
        "Gluteal tendinopathy (GTPS)",
        "Irritated hip tendons on the outside of the hip",
        "load",
        0.14,
        "Lateral hip pain over the trochanter, worse with side-lying, stairs and single-leg "
        "loading; tender trochanter; pain on single-leg stance or resisted abduction.",
        "The tendons that attach your buttock muscles to the outside of the hip are irritated by "
        "squeezing (lying on that side, crossing legs) and by more load than they are used to.",
    ),
    _hyp(
        "proximal_hamstring_tendinopathy",
        "Proximal hamstring tendinopathy",
        "Irritated hamstring tendon at the sit bone",
        "load",
        0.08,
        "Lower buttock / sit-bone pain, worse with sitting, hills, sprinting and hip flexion with "
        "the knee straight; positive bent-knee stretch tests.",
        "The tendon that attaches the back-of-thigh muscles to your sit bone is irritated, mostly "
        "by sitting on it and by deep stretching or fast running.",
    ),
    _hyp(
        "muscle_strain",
        "Muscle strain (hamstring / gluteal)",
        "A strained muscle",
        "load",
        0.05,
        "Sudden onset during activity without a pop or major bruising; tender muscle belly; pain "
        "on resisted contraction and stretch; usually recent.",
        "A muscle was overstretched or overloaded during activity and is healing.",
    ),
    _hyp(
        "myofascial_trigger_points",
        "Myofascial pain (gluteal trigger points)",
        "Sensitive, tight spots in the buttock muscles",
        "load",
        0.06,
        "Deep, diffuse ache with tender spots in gluteal muscles that reproduce a drifting pain; "
        "no neural or joint signs.",
        "Sensitive spots in the buttock muscles are producing an achy, spreading pain.",
    ),
    _hyp(
        "ischial_bursitis",
        "Ischiogluteal bursitis",
        "An irritated fluid sac at the sit bone",
        "load",
        0.02,
        "Sit-bone pain with sitting on hard surfaces and local tenderness; hamstring tendon tests "
        "less provocative. Hard to separate from tendinopathy without imaging.",
        "A small cushion (bursa) over the sit bone is irritated by pressure from sitting.",
    ),
    _hyp(
        "deep_gluteal_syndrome",
        "Deep gluteal syndrome (sciatic nerve in the deep gluteal space)",
        "The sciatic nerve irritated deep in the buttock",
        "nerve",
        0.06,
        "Deep buttock pain, sitting intolerance, sciatic-type radiation; SLR usually negative; "
        "positive seated piriformis stretch / active piriformis tests.",
        "The big nerve to the leg is being squeezed or irritated where it passes through the "
        "deep buttock muscles, which is why sitting is hard.",
    ),
    _hyp(
        "lumbar_radiculopathy",
        "Lumbar radiculopathy / radicular pain",
        "An irritated nerve root in the low back",
        "nerve",
        0.12,
        "Dermatomal leg pain often below the knee, neuropathic descriptors, positive SLR/slump, "
        "possible sensory, motor or reflex change.",
        "A nerve root in the low back is irritated, so the pain and tingling travel down the "
        "leg along that nerve.",
    ),
    _hyp(
        "sciatic_nerve_sensitisation",
        "Sciatic nerve mechanosensitivity (no conduction loss)",
        "A sensitive sciatic nerve",
        "nerve",
        0.05,
        "Positive neurodynamic tests and a tender nerve trunk without neurological deficit "
        "(peripheral nerve sensitisation subgroup).",
        "The sciatic nerve has become sensitive to stretch and pressure, but it is working "
        "normally: it needs calming and gentle movement.",
    ),
    _hyp(
        "lumbar_somatic_referral",
        "Lumbar somatic referred pain",
        "Pain referred from the low back",
        "referred",
        0.18,
        "Buttock pain referred from lumbar discs or joints; changes with spinal movement; may "
        "centralise with repeated movements.",
        "The low back is sending pain into the buttock; moving the back in the right direction "
        "usually changes it.",
    ),
    _hyp(
        "sij_pain",
        "Sacroiliac joint pain",
        "Pain from the joint at the back of the pelvis",
        "referred",
        0.10,
        "Pain below L5 over the PSIS/buttock, no centralisation, >=3 of 6 SIJ provocation tests.",
        "The joint between the spine's base and the pelvis is the likely source.",
    ),
    _hyp(
        "hip_oa",
        "Hip osteoarthritis",
        "Wear-related stiffness and pain in the hip joint",
        "referred",
        0.08,
        "Groin/hip pain, limited painful IR, squatting aggravates, age >50, morning stiffness "
        "<=60 min.",
        "The hip joint itself is stiff and sore, which is common with age and responds well to "
        "exercise.",
    ),
    _hyp(
        "fai_labral",
        "Femoroacetabular impingement / labral pathology",
        "A pinching hip joint or irritated hip cartilage rim",
        "referred",
        0.06,
        "Groin pain in a younger active person, deep flexion/IR provokes, clicking/catching; "
        "FADIR is a screen only.",
        "The ball and socket of the hip pinch in deep bending, irritating the joint rim.",
    ),
)

RED_FLAGS = (
    RedFlag(
        code="cauda_equina",
        label="Suspected cauda equina syndrome",
        patient_label="Possible pressure on the nerves that control bladder and bowel",
        urgency="emergency",
        action="Emergency same-day referral (emergency department / spinal on-call) for MRI. Do "
        "not continue the musculoskeletal assessment.",
        patient_action="Go to the emergency department today. Tell them you have new bladder, "
        "bowel or saddle-area changes with back or leg pain.",
        citation=f"{src.FINUCANE_2020}; {src.CES_48H}",
        items=(
            "rf_bladder_change",
            "rf_saddle_numbness",
            "rf_bowel_change",
            "rf_sexual_dysfunction",
        ),
        combination=("rf_bilateral_leg_symptoms", "rf_progressive_weakness"),
        combination_min=2,
        note="Bilateral leg symptoms alone call for written safety-netting, not referral.",
    ),
    RedFlag(
        code="progressive_neuro_deficit",
        label="Progressive or marked neurological deficit",
        patient_label="Nerve weakness or numbness that is getting worse",
        urgency="urgent",
        action="Urgent (24-72 h) medical/spinal review and MRI; same-day if motor loss is "
        "worsening quickly. Recheck myotomes and reflexes at every visit.",
        patient_action="You need to see a doctor within the next 1-3 days. If the weakness gets "
        "quickly worse, go the same day.",
        citation=src.FINUCANE_2020 + " (timing is framework-consistent, not trial-based)",
        items=(
            "rf_progressive_weakness",
            "myotome_l2",
            "myotome_l3",
            "myotome_l4",
            "myotome_l5",
            "myotome_s1",
        ),
        note="A myotome graded 3/5 or less counts as a positive screen.",
    ),
    RedFlag(
        code="malignancy",
        label="Possible serious pathology (malignancy)",
        patient_label="Symptoms that need a doctor to rule out a serious cause",
        urgency="urgent",
        action="Urgent medical referral: bloods (ESR/CRP) and imaging of the pelvis and spine. "
        "If a 'piriformis' or 'sciatica' picture fails treatment, image the pelvis and deep "
        "gluteal space, not only the spine.",
        patient_action="Please see your doctor this week so they can arrange tests. Most of the "
        "time these tests are reassuring, but they should be done.",
        citation=f"{src.FINUCANE_2020}; {src.BICKELS_1999}",
        items=("rf_cancer_history", "rf_weight_loss", "rf_palpable_mass"),
        combination=("rf_constant_night_pain", "rf_not_improving", "age_band"),
        combination_min=2,
        note="Single soft signs (night pain, age) have poor accuracy; two together trigger.",
    ),
    RedFlag(
        code="infection",
        label="Possible infection (septic sacroiliitis, discitis, abscess)",
        patient_label="Possible infection that needs checking today",
        urgency="emergency",
        action="Same-day medical review: temperature, FBC, ESR/CRP, blood cultures, MRI of the "
        "pelvis/spine. Early X-ray and MRI can look normal.",
        patient_action="See a doctor today. Tell them you have buttock or back pain with fever "
        "or chills.",
        citation=f"{src.FINUCANE_2020}; {src.SEPTIC_SIJ}",
        items=("rf_fever",),
        combination=("rf_infection_risk", "rf_constant_night_pain"),
        combination_min=2,
    ),
    RedFlag(
        code="femoral_neck_stress_fracture",
        label="Suspected femoral neck stress fracture",
        patient_label="Possible stress fracture of the hip bone",
        urgency="urgent",
        action="Stop impact; crutches (protected weight bearing) until imaging. X-ray first "
        "(changes lag 2-4 weeks), then MRI. Tension-side fracture: urgent orthopaedic "
        "referral.",
        patient_action="Stop running and jumping now and use crutches until you have had a scan. "
        "See a doctor within 1-2 days for an X-ray and MRI.",
        citation=f"{src.ROBERTSON_WOOD_2017}; hop/fulcrum test accuracy not found",
        items=("rf_load_jump_weight_bearing",),
        combination=("rf_hop_pain", "rf_energy_deficiency", "onset"),
        combination_min=2,
    ),
    RedFlag(
        code="proximal_hamstring_avulsion",
        label="Suspected proximal hamstring avulsion",
        patient_label="Possible tear of the hamstring tendon off the sit bone",
        urgency="urgent",
        action="MRI within days and orthopaedic referral; complete avulsions are usually repaired "
        "and timing matters. Check sciatic (peroneal) function.",
        patient_action="You need a scan and a specialist review within the next few days. Avoid "
        "stretching and heavy use of the leg until then.",
        citation=src.HAMSTRING_AVULSION,
        items=("rf_pop_bruising", "rf_palpable_gap"),
    ),
    RedFlag(
        code="vascular_claudication",
        label="Possible buttock claudication (iliac artery disease)",
        patient_label="Possible circulation problem",
        urgency="soon",
        action="Medical referral for vascular assessment (pulses, ankle-brachial index).",
        patient_action="Book a visit with your doctor in the next week or two to check the "
        "circulation to your leg.",
        citation=src.NO_SOURCE_OTHER,
        items=("rf_claudication",),
    ),
    RedFlag(
        code="inflammatory_sacroiliitis",
        label="Possible inflammatory back pain (axial SpA)",
        patient_label="Possible inflammatory joint condition",
        urgency="soon",
        action="Medical/rheumatology referral (HLA-B27, CRP, imaging as indicated).",
        patient_action="Book a visit with your doctor in the next few weeks; they may refer you "
        "to a joint specialist.",
        citation=src.NO_SOURCE_OTHER,
        items=("rf_inflammatory_stiffness",),
    ),
)
