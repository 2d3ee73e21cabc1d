"""Hypothesis families, hypotheses with their priors, and red-flag conditions (protocol 2026.11)."""

from __future__ import annotations

from . import sources as src
from .types import Family, Hypothesis, RedFlag

FAMILIES = (
    Family(
        code="load",
        label="Load (tendon / muscle)",
        patient_label="A tendon or muscle that is overloaded",
        description="Worse with stairs, running, single-leg effort and compression (sitting, side-lying); "
        "stiff the next day; tender tendon; pain on loaded tests.",
        patient_description="Your pain behaves like an overloaded tendon or muscle: it reacts to how much and how "
        "you load it, and it can be calmed and then strengthened.",
    ),
    Family(
        code="nerve",
        label="Nerve-sensitive",
        patient_label="A sensitive nerve",
        description="Burning, zinging, easy spread; reactive to positions that tension or compress the "
        "nerve; stretching can make it worse.",
        patient_description="Your pain behaves like an irritated, sensitive nerve: it dislikes being squeezed or "
        "stretched for long, and it settles when it is given room and gentle movement.",
    ),
    Family(
        code="referred",
        label="Referred (back, sacroiliac joint, hip joint)",
        patient_label="Pain sent from the back or a nearby joint",
        description="Symptoms change more with spine or hip movement than with local pressure.",
        patient_description="Your buttock pain seems to come from a nearby source, such as the low back, the joint "
        "at the back of the pelvis, or the hip joint, so treatment targets that source.",
    ),
)

_PRIOR_BASIS = src.estimate(
    "the relative frequency of these conditions among adults seen in physiotherapy for buttock / "
    "posterior-hip pain; no prevalence study of this exact case mix was found. The priors only "
    "set the starting point and are quickly outweighed by findings."
)


HYPOTHESES = (
    Hypothesis(
        code="gluteal_tendinopathy",
        label="Gluteal tendinopathy (GTPS)",
        patient_label="Irritated hip tendons on the outside of the hip",
        family="load",
        prior=0.14,
        description="Lateral hip pain over the trochanter, worse with side-lying, stairs and single-leg "
        "loading; tender trochanter; pain on single-leg stance or resisted abduction.",
        patient_description="The tendons that attach your buttock muscles to the outside of the hip are irritated by "
        "squeezing (lying on that side, crossing legs) and by more load than they are used to.",
        prior_source=_PRIOR_BASIS,
    ),
    Hypothesis(
        code="proximal_hamstring_tendinopathy",
        label="Proximal hamstring tendinopathy",
        patient_label="Irritated hamstring tendon at the sit bone",
        family="load",
        prior=0.08,
        description="Lower buttock / sit-bone pain, worse with sitting, hills, sprinting and hip flexion with "
        "the knee straight; positive bent-knee stretch tests.",
        patient_description="The tendon that attaches the back-of-thigh muscles to your sit bone is irritated, mostly "
        "by sitting on it and by deep stretching or fast running.",
        prior_source=_PRIOR_BASIS,
    ),
    Hypothesis(
        code="muscle_strain",
        label="Muscle strain (hamstring / gluteal)",
        patient_label="A strained muscle",
        family="load",
        prior=0.05,
        description="Sudden onset during activity without a pop or major bruising; tender muscle belly; pain "
        "on resisted contraction and stretch; usually recent.",
        patient_description="A muscle was overstretched or overloaded during activity and is healing.",
        prior_source=_PRIOR_BASIS,
    ),
    Hypothesis(
        code="myofascial_trigger_points",
        label="Myofascial pain (gluteal trigger points)",
        patient_label="Sensitive, tight spots in the buttock muscles",
        family="load",
        prior=0.06,
        description="Deep, diffuse ache with tender spots in gluteal muscles that reproduce a drifting pain; "
        "no neural or joint signs.",
        patient_description="Sensitive spots in the buttock muscles are producing an achy, spreading pain.",
        prior_source=_PRIOR_BASIS,
    ),
    Hypothesis(
        code="ischial_bursitis",
        label="Ischiogluteal bursitis",
        patient_label="An irritated fluid sac at the sit bone",
        family="load",
        prior=0.02,
        description="Sit-bone pain with sitting on hard surfaces and local tenderness; hamstring tendon tests "
        "less provocative. Hard to separate from tendinopathy without imaging.",
        patient_description="A small cushion (bursa) over the sit bone is irritated by pressure from sitting.",
        prior_source=_PRIOR_BASIS,
    ),
    Hypothesis(
        code="deep_gluteal_syndrome",
        label="Deep gluteal syndrome (sciatic nerve in the deep gluteal space)",
        patient_label="The sciatic nerve irritated deep in the buttock",
        family="nerve",
        prior=0.06,
        description="Deep buttock pain, sitting intolerance, sciatic-type radiation; SLR usually negative; "
        "positive seated piriformis stretch / active piriformis tests.",
        patient_description="The big nerve to the leg is being squeezed or irritated where it passes through the "
        "deep buttock muscles, which is why sitting is hard.",
        prior_source=_PRIOR_BASIS,
    ),
    Hypothesis(
        code="lumbar_radiculopathy",
        label="Lumbar radiculopathy / radicular pain",
        patient_label="An irritated nerve root in the low back",
        family="nerve",
        prior=0.12,
        description="Dermatomal leg pain often below the knee, neuropathic descriptors, positive SLR/slump, "
        "possible sensory, motor or reflex change.",
        patient_description="A nerve root in the low back is irritated, so the pain and tingling travel down the "
        "leg along that nerve.",
        prior_source=_PRIOR_BASIS,
    ),
    Hypothesis(
        code="sciatic_nerve_sensitisation",
        label="Sciatic nerve mechanosensitivity (no conduction loss)",
        patient_label="A sensitive sciatic nerve",
        family="nerve",
        prior=0.05,
        description="Positive neurodynamic tests and a tender nerve trunk without neurological deficit "
        "(peripheral nerve sensitisation subgroup).",
        patient_description="The sciatic nerve has become sensitive to stretch and pressure, but it is working "
        "normally: it needs calming and gentle movement.",
        prior_source=_PRIOR_BASIS,
    ),
    Hypothesis(
        code="lumbar_somatic_referral",
        label="Lumbar somatic referred pain",
        patient_label="Pain referred from the low back",
        family="referred",
        prior=0.18,
        description="Buttock pain referred from lumbar discs or joints; changes with spinal movement; may "
        "centralise with repeated movements.",
        patient_description="The low back is sending pain into the buttock; moving the back in the right direction "
        "usually changes it.",
        prior_source=_PRIOR_BASIS,
    ),
    Hypothesis(
        code="sij_pain",
        label="Sacroiliac joint pain",
        patient_label="Pain from the joint at the back of the pelvis",
        family="referred",
        prior=0.10,
        description="Pain below L5 over the PSIS/buttock, no centralisation, >=3 of 6 SIJ provocation tests.",
        patient_description="The joint between the spine's base and the pelvis is the likely source.",
        prior_source=_PRIOR_BASIS,
    ),
    Hypothesis(
        code="hip_oa",
        label="Hip osteoarthritis",
        patient_label="Wear-related stiffness and pain in the hip joint",
        family="referred",
        prior=0.08,
        description="Groin/hip pain, limited painful IR, squatting aggravates, age >50, morning stiffness "
        "<=60 min.",
        patient_description="The hip joint itself is stiff and sore, which is common with age and responds well to "
        "exercise.",
        prior_source=_PRIOR_BASIS,
    ),
    Hypothesis(
        code="fai_labral",
        label="Femoroacetabular impingement / labral pathology",
        patient_label="A pinching hip joint or irritated hip cartilage rim",
        family="referred",
        prior=0.06,
        description="Groin pain in a younger active person, deep flexion/IR provokes, clicking/catching; "
        "FADIR is a screen only.",
        patient_description="The ball and socket of the hip pinch in deep bending, irritating the joint rim.",
        prior_source=_PRIOR_BASIS,
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
