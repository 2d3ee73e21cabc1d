"""Treatment paths of protocol 2026.11: one per hypothesis, per family and per red flag.

Every piece of advice is written twice: for the clinician's record and in plain words for the
patient handout. Doses are starting points for the clinician to adjust, not prescriptions.
"""

from __future__ import annotations

from . import sources as src
from .types import Exercise, Phase, TreatmentPath, Wording

W = Wording

# --- Shared advice ------------------------------------------------------------------------------

PAIN_MONITORING = W(
    "Pain-monitoring model (Silbernagel 2007): pain <=3/10 during exercise is safe, up to 5/10 is "
    "acceptable, and symptoms must be no worse the next morning; if worse, drop back one step.",
    "Some discomfort during exercise is fine: up to 3 out of 10 is safe and up to 5 is OK, as long "
    "as it is no worse the next morning. If it is worse the next morning, go back a step.",
)
SLIDERS_FIRST = W(
    "Neurodynamics: sliders before tensioners (Coppieters & Butler 2008: sliders move the nerve "
    "more with far less strain). Progress to tensioners only as irritability falls; no lingering "
    "increase in paraesthesia or neurological signs.",
    "Start with gentle nerve 'flossing' movements that glide the nerve without stretching it. "
    "Stretch-type nerve exercises come later, once things are calmer.",
)
DIRECTIONAL_PREFERENCE = W(
    "If repeated-movement testing shows a directional preference, prescribe exercise in that "
    "direction (Long 2004: matched exercise beat opposite and non-directional exercise). "
    "Peripheralisation is a warning sign: avoid that direction.",
    "Do the back movement that eases your leg and buttock symptoms, in the direction we found "
    "together. If a movement sends pain further down the leg, stop that one.",
)
STAY_ACTIVE = W(
    "Keep walking and general activity within tolerance; avoid bed rest.",
    "Keep moving: walking and normal daily activity help more than rest.",
)
GENERAL_SAFETY = (
    W(
        "Refer urgently if bladder, bowel or saddle symptoms, spreading numbness or weakness, fever "
        "or night pain with weight loss appear.",
        "Get help urgently (same day) if you notice new bladder or bowel problems, numbness between "
        "the legs, leg weakness or numbness that is spreading, or fever.",
    ),
)
FOLLOW_UP_LOAD = W(
    "Review in 1-2 weeks, then every 2-3 weeks; expect meaningful change by 8-12 weeks (LEAP "
    "8-week results). No change after well-delivered loading: reassess and consider imaging.",
    "We will check in after 1 to 2 weeks, then every few weeks. Tendons improve slowly: most "
    "people notice a clear difference within 2 to 3 months.",
)
FOLLOW_UP_NERVE = W(
    "Review within 1-2 weeks; recheck neurodynamic tests, myotomes and reflexes each visit.",
    "We will see you again within 1 to 2 weeks and re-check how the nerve is working.",
)
FOLLOW_UP_REFERRED = W(
    "Review within 1-2 weeks to confirm the source responds to treatment; if not, revisit the "
    "working hypothesis.",
    "We will check in within 1 to 2 weeks to see whether treating the source is helping.",
)

# --- Exercises ----------------------------------------------------------------------------------

E = Exercise

ISO_ABD = E(
    "Isometric hip abduction (neutral)",
    "Pushing the leg out against resistance, no movement",
    "5 x 30-45 s holds, moderate effort, 1-2 times a day",
    "Lie on your back or stand with legs straight and slightly apart. Push the outside of "
    "your knee into a belt or wall without moving. Keep the hips level.",
    "Pain stays at or under 3/10 and is no worse the next morning for a week",
)
BRIDGE = E(
    "Double-leg bridge",
    "Bottom lift",
    "3 x 10-15, slow, daily or every other day",
    "Lie on your back, knees bent, feet flat. Squeeze your buttocks and lift your hips, "
    "hold 2 seconds, lower slowly.",
    "Easy for 3 sets with pain under 3/10; then move to one leg",
)
SIT_TO_STAND = E(
    "Sit-to-stand from a standard-height chair",
    "Standing up from a chair",
    "3 x 10, knees in line with toes",
    "Stand up and sit down slowly without using your hands, knees pointing over your toes.",
    "Easy and pain-settled; lower the chair or hold a weight",
)
SIDE_STEP = E(
    "Side-stepping (band optional)",
    "Side steps",
    "3 x 10 steps each way",
    "Take small steps sideways keeping the hips level and toes forward.",
    "Smooth and controlled; add a light band",
)
SLS_CONTROL = E(
    "Single-leg stance control",
    "Balancing on one leg",
    "3 x 30 s each side",
    "Stand on one leg, hips level, knee soft, without letting the hip drop or push "
    "out to the side.",
    "Steady for 30 s without pain flare",
)
STEP_UP = E(
    "Step-ups",
    "Step-ups",
    "3 x 8-12 each leg",
    "Step up onto a low step with control, hips level, then step down slowly.",
    "Controlled with pain under 3/10; raise the step or add weight",
)
SPLIT_SQUAT = E(
    "Split squat / single-leg squat",
    "Lunge-style squat",
    "3 x 8, slow",
    "Stand with one foot forward, lower straight down, keep the front knee over the "
    "toes and the hips level.",
    "Controlled for 3 sets; add load or speed",
)
HOPS = E(
    "Hopping and bounding progression",
    "Hopping",
    "2-3 x 10 light hops, every other day",
    "Start with small two-leg hops, then one-leg hops, then bounding, only when the "
    "strength work is easy.",
    "No next-morning flare for 2 weeks; then start running",
)
RETURN_RUN = E(
    "Graded return to running",
    "Walk-run plan",
    "e.g. 1 min run / 1 min walk x 10, every other day",
    "Run-walk on flat ground, slightly shorter quicker steps (about 10% more steps per minute).",
    "Pain-settled by next morning; build time before speed and hills",
)
HS_ISO = E(
    "Hamstring isometrics with little hip flexion",
    "Holding the back-of-thigh muscles",
    "5 x 30-45 s holds, daily",
    "Lie face down or stand; press the heel back or bend the knee against resistance and "
    "hold without moving. Keep the hip fairly straight.",
    "Pain under 3/10 and no worse next morning for a week",
)
SHORT_BRIDGE = E(
    "Short-lever single-leg bridge (daily 'meaningful task')",
    "One-leg bottom lift, feet close to you",
    "3 reps every day",
    "Feet close to your bottom, lift on one leg and hold 2 seconds. Use it as a "
    "daily check of how the tendon is doing.",
    "Easier week by week",
)
HIP_THRUST = E(
    "Hip thrust / bridge progressions",
    "Bottom lifts with load",
    "3 x 8-12",
    "Shoulders on a bench, push through the heels to lift the hips, lower slowly.",
    "Controlled with pain under 3/10",
)
RDL = E(
    "Romanian deadlift to tolerated depth",
    "Hip hinge with weight",
    "3 x 8, slow",
    "Soft knees, push the hips back with a straight back, lower only as far as comfortable, "
    "stand back up by squeezing the buttocks.",
    "Gradually deeper, then heavier",
)
ECC_HIP_EXT = E(
    "Eccentric hip extension / running drills",
    "Slow hip-straightening drills",
    "3 x 8, every other day",
    "Controlled lowering drills for the back of the hip, then short strides on flat ground.",
    "No flare next morning; add speed before hills and sprints",
)
SLIDER_SEATED = E(
    "Seated sciatic nerve slider",
    "Nerve glide in sitting",
    "2-3 x 10, gently",
    "Sit tall. Straighten the knee while looking up, then bend the knee while "
    "looking down. Smooth and easy, no stretch feeling.",
    "No increase in tingling or pain afterwards for a week",
)
TENSIONER = E(
    "Sciatic nerve tensioner (later)",
    "Nerve stretch (later stage)",
    "2 x 5, gently",
    "Only when told: straighten the knee while looking down, briefly, then release.",
    "Only once sliders cause no symptoms",
)
HIP_ER_STRENGTH = E(
    "Hip external rotation and abduction strengthening",
    "Hip turning and side-leg strength",
    "3 x 10-12",
    "Side-lying clam or band work, slow and controlled, without pinching deep in the buttock.",
    "Controlled without nerve symptoms",
)
SITTING_TOLERANCE = E(
    "Graded sitting",
    "Building up sitting time",
    "Sit for a bit less than your limit, then stand and move; repeat through the day",
    "Use a cushion, sit tall, keep knees below hips, stand before symptoms build.",
    "Add 5 minutes when it has been easy for 3 days",
)
DP_EXERCISE = E(
    "Directional-preference exercise",
    "Your back exercise",
    "10 repetitions every 2-3 hours",
    "Repeat the back movement we found eases your symptoms (for example lying face "
    "down and pushing up through your arms).",
    "Symptoms move toward the back and stay better",
)
WALK = E(
    "Walking program",
    "Walking",
    "10-20 min, 1-2 times a day",
    "Walk at a comfortable pace on level ground.",
    "Comfortable; add 5 minutes",
)
LUMBOPELVIC = E(
    "Lumbopelvic and hip strengthening",
    "Trunk and hip strength",
    "3 x 10",
    "Bridges, side-lying leg lifts and trunk bracing, slow and controlled.",
    "Easy for 3 sets; add load",
)
HIP_ROM = E(
    "Hip range-of-motion exercises",
    "Hip mobility",
    "10 of each, daily",
    "Gentle hip circles, knee-to-chest and rolling the leg in and out, within comfort.",
    "Moving more freely",
)
HIP_STRENGTH = E(
    "Hip strengthening (abductors, extensors)",
    "Hip strength",
    "3 x 10, 2-3 times a week",
    "Bridges, side-lying leg lifts, sit-to-stand.",
    "Easy for 3 sets; add load",
)
CYCLING = E(
    "Cycling or swimming",
    "Bike or pool",
    "20-30 min, 2-3 times a week",
    "Steady, comfortable pace; raise the bike seat so the hip does not bend deeply.",
    "Comfortable; add time",
)
GENTLE_ISO = E(
    "Gentle isometric contractions of the strained muscle",
    "Gentle muscle holds",
    "5 x 10-20 s, pain-free, daily",
    "Tighten the sore muscle gently without "
    "moving, for example pressing the heel down into the bed.",
    "Pain-free; then start light movement",
)
HS_CURL = E(
    "Progressive hamstring strengthening (incl. eccentric)",
    "Back-of-thigh strength",
    "3 x 8-10, every other day",
    "Bridges, then curls, then slow lowering exercises such as Nordic lowers as able.",
    "Pain under 3/10 and strength close to the other side",
)
GLUTE_LOAD = E(
    "Progressive gluteal loading",
    "Buttock strength",
    "3 x 10-12",
    "Bridges, side-lying leg lifts and step-ups, slow and controlled.",
    "Easy for 3 sets; add load",
)


def _path(
    code: str,
    kind: str,
    title: str,
    patient_title: str,
    *,
    goals: tuple[Wording, ...],
    reduce_avoid: tuple[Wording, ...],
    phases: tuple[Phase, ...] = (),
    progress_criteria: tuple[Wording, ...] = (),
    home: tuple[Exercise, ...] = (),
    education: tuple[Wording, ...] = (),
    sooner: tuple[Wording, ...] = GENERAL_SAFETY,
    follow_up: Wording,
    citation: tuple[str, ...],
    urgency: str | None = None,
) -> TreatmentPath:
    return TreatmentPath(
        code=code,
        kind=kind,
        title=title,
        patient_title=patient_title,
        goals=goals,
        reduce_avoid=reduce_avoid,
        phases=phases,
        progress_criteria=progress_criteria,
        home_exercises=home,
        education=education,
        seek_help_sooner=sooner,
        follow_up=follow_up,
        citation=citation,
        urgency=urgency,
    )


# --- Load family --------------------------------------------------------------------------------

GT_COMPRESSION = (
    W(
        "Remove tendon compression: no standing hung on one hip, no crossed knees or low seats "
        "(knees above hips), no lying on the painful side; lying on the good side with a pillow "
        "between the knees; stop ITB/gluteal stretches into adduction.",
        "Avoid squeezing the tendon: don't stand leaning on one hip, don't cross your legs, avoid "
        "low chairs, don't lie on the sore side, and put a pillow between your knees when lying on "
        "the other side. Stop stretches that pull the leg across your body.",
    ),
    W(
        "Reduce sudden changes in walking/running volume, hills and stairs for now.",
        "For now, cut back on sudden increases in walking or running, hills and stairs.",
    ),
)

LOAD_PHASES_GT = (
    Phase("Isometric: settle pain, low compression", "Stage 1: calm it down", (ISO_ABD,)),
    Phase(
        "Isotonic functional loading in neutral alignment",
        "Stage 2: build strength",
        (BRIDGE, SIT_TO_STAND, SIDE_STEP, SLS_CONTROL),
    ),
    Phase(
        "Heavier, faster and single-leg loading",
        "Stage 3: one-leg strength",
        (STEP_UP, SPLIT_SQUAT),
    ),
    Phase(
        "Energy storage and running (athletes)", "Stage 4: hopping and running", (HOPS, RETURN_RUN)
    ),
)

GT_PATH = _path(
    "gluteal_tendinopathy",
    "hypothesis",
    "Gluteal tendinopathy: education + progressive loading",
    "Settling and strengthening the hip tendons",
    goals=(
        W(
            "Reduce compressive load on the gluteal tendons and rebuild abductor capacity "
            "(abduction torque is ~32% lower on the symptomatic side, Allison 2016).",
            "Take the squeeze off the tendons, then make the hip muscles stronger.",
        ),
        W(
            "Education + exercise is first-line (LEAP: 77% success at 8 weeks vs 58% injection vs "
            "29% wait-and-see).",
            "Learning what to avoid plus the right exercise works better than an injection or "
            "waiting it out.",
        ),
    ),
    reduce_avoid=GT_COMPRESSION,
    phases=LOAD_PHASES_GT,
    progress_criteria=(
        PAIN_MONITORING,
        W(
            "Running: cut distance/speed and hopping first; on return, step rate +10% reduces peak "
            "hip adduction and hip energy absorption (Heiderscheit 2011).",
            "When you run again, take slightly shorter, quicker steps (about 10% more steps per "
            "minute); this takes load off the outside of the hip.",
        ),
    ),
    home=(ISO_ABD, BRIDGE, SLS_CONTROL),
    education=(
        W(
            "Explain compression + load as the driver; passive stretching and side-lying aggravate.",
            "These tendons dislike being squeezed and suddenly overloaded. They like steady, "
            "gradually increasing exercise.",
        ),
    ),
    sooner=GENERAL_SAFETY
    + (
        W(
            "Suspected full-thickness gluteal tear (marked abductor weakness, positive "
            "Trendelenburg, acute onset) or no change after 8-12 weeks: US/MRI and surgical opinion.",
            "Tell us if the hip suddenly becomes much weaker, or if nothing has improved after "
            "2 to 3 months of doing the exercises.",
        ),
    ),
    follow_up=FOLLOW_UP_LOAD,
    citation=(
        src.MELLOR_2018,
        src.GRIMALDI_FEARON_2015,
        src.SILBERNAGEL_2007,
        src.HEIDERSCHEIT_2011,
        src.ALLISON_2016,
    ),
)

PHT_PATH = _path(
    "proximal_hamstring_tendinopathy",
    "hypothesis",
    "Proximal hamstring tendinopathy: reduce compression, staged tendon loading",
    "Settling and strengthening the hamstring tendon",
    goals=(
        W(
            "Reduce compression of the tendon at the ischium while keeping tensile load "
            "(Goom 2016).",
            "Stop squeezing the tendon at the sit bone, but keep it working.",
        ),
    ),
    reduce_avoid=(
        W(
            "Limit long sitting (especially hard seats: use a cushion), deep hip flexion with the "
            "knee straight, static hamstring stretching, uphill and sprint running for now.",
            "For now: avoid long sitting on hard seats (use a cushion and get up often), don't "
            "stretch your hamstrings, and avoid hills and sprinting.",
        ),
    ),
    phases=(
        Phase(
            "Isometrics with little hip flexion", "Stage 1: calm it down", (HS_ISO, SHORT_BRIDGE)
        ),
        Phase(
            "Isotonic strength, gradually more hip flexion",
            "Stage 2: build strength",
            (BRIDGE, HIP_THRUST, RDL),
        ),
        Phase(
            "Energy storage, running and speed",
            "Stage 3: running and speed",
            (ECC_HIP_EXT, RETURN_RUN),
        ),
    ),
    progress_criteria=(
        PAIN_MONITORING,
        W(
            "Daily 'meaningful task' (e.g. 3 reps of short-lever single-leg bridge) tracks tendon "
            "irritability: keep pain <=3/10 with no 24-h flare.",
            "Use the daily one-leg bridge test: if it is getting easier, you are on track.",
        ),
    ),
    home=(HS_ISO, SHORT_BRIDGE),
    education=(
        W(
            "Explain compression (sitting, stretching) vs tensile load; tendon recovery takes "
            "months. Case evidence: hip-extension loading, VISA-H 23 -> 83 in 12 weeks.",
            "This tendon gets irritated by being squeezed (sitting, stretching) and gets stronger "
            "with the right exercise. Expect steady progress over weeks to months.",
        ),
    ),
    sooner=GENERAL_SAFETY
    + (
        W(
            "Suspected partial/complete tear, neural involvement (hamstring syndrome) or no "
            "progress after ~3 months: MRI and sports physician/orthopaedic review.",
            "Tell us if the back of the thigh becomes very weak or numb, or if nothing improves "
            "after about 3 months.",
        ),
    ),
    follow_up=FOLLOW_UP_LOAD,
    citation=(src.GOOM_2016, src.CUSHMAN_CASE, src.SILBERNAGEL_2007),
)

STRAIN_PATH = _path(
    "muscle_strain",
    "hypothesis",
    "Muscle strain: protect, then progressive loading",
    "Helping a strained muscle heal and get strong",
    goals=(
        W(
            "Protect the healing muscle early, then restore strength (including eccentric) and "
            "running/sprint capacity before return to sport.",
            "Let the muscle settle for a few days, then build its strength back step by step.",
        ),
    ),
    reduce_avoid=(
        W(
            "Avoid sprinting, kicking and aggressive stretching until pain-free walking and "
            "near-symmetrical strength.",
            "No sprinting, kicking or hard stretching until walking is pain-free and the leg feels "
            "strong.",
        ),
    ),
    phases=(
        Phase("Protection and gentle isometrics", "Stage 1: settle", (GENTLE_ISO, WALK)),
        Phase("Progressive strengthening", "Stage 2: strength", (BRIDGE, HS_CURL)),
        Phase("Running and speed", "Stage 3: back to running", (RETURN_RUN,)),
    ),
    progress_criteria=(PAIN_MONITORING,),
    home=(GENTLE_ISO, WALK),
    education=(
        W(
            "Strain-specific trial data were not in the evidence base: loading principles follow "
            "tendon guidance (Goom 2016) and pain monitoring.",
            "Muscles heal well when they are loaded gradually.",
        ),
    ),
    sooner=GENERAL_SAFETY
    + (
        W(
            "Large bruising, a palpable gap or marked weakness: reconsider avulsion (MRI, "
            "orthopaedics).",
            "Tell us straight away if big bruising appears down the thigh or the leg becomes very "
            "weak.",
        ),
    ),
    follow_up=W(
        "Review within 1 week, then as strength returns.", "We will check in within a week."
    ),
    citation=(src.GOOM_2016, src.SILBERNAGEL_2007, src.REIMAN_2013_HAMSTRING),
)

MTRP_PATH = _path(
    "myofascial_trigger_points",
    "hypothesis",
    "Myofascial pain: graded gluteal loading",
    "Calming sensitive buttock muscles",
    goals=(
        W(
            "Reduce muscle sensitivity and restore tolerance with graded loading; manual therapy "
            "only as short-term symptom relief.",
            "Make the sore muscles less sensitive and stronger.",
        ),
    ),
    reduce_avoid=(
        W(
            "Avoid prolonged static postures and repeated aggressive 'release' of the same spot.",
            "Change position often, and avoid pressing hard on the sore spots again and again.",
        ),
    ),
    phases=(
        Phase("Settle and move", "Stage 1: move comfortably", (WALK,)),
        Phase("Graded gluteal loading", "Stage 2: strength", (GLUTE_LOAD,)),
    ),
    progress_criteria=(PAIN_MONITORING,),
    home=(WALK, GLUTE_LOAD),
    education=(
        W(
            "No diagnostic-accuracy data for trigger points: keep the working hypothesis open and "
            "re-examine if symptoms change character.",
            "Sore muscle spots are common and usually settle with movement and strength work.",
        ),
    ),
    follow_up=FOLLOW_UP_REFERRED,
    citation=(
        src.SILBERNAGEL_2007,
        src.estimate(
            "general loading principles; no trial data retrieved for gluteal myofascial pain"
        ),
    ),
)

BURSA_PATH = _path(
    "ischial_bursitis",
    "hypothesis",
    "Ischiogluteal bursitis: offload, then tendon-style loading",
    "Taking pressure off the sit bone",
    goals=(
        W(
            "Remove direct pressure on the ischium, then load the hamstring origin as for "
            "tendinopathy once settled.",
            "Take pressure off the sit bone, then strengthen the area.",
        ),
    ),
    reduce_avoid=(
        W(
            "Cushioned or cut-out seat, shorter sitting bouts, avoid hard seats.",
            "Use a soft or cut-out cushion, sit for shorter times, avoid hard seats.",
        ),
    ),
    phases=PHT_PATH.phases[:2],
    progress_criteria=(PAIN_MONITORING,),
    home=(SITTING_TOLERANCE, SHORT_BRIDGE),
    education=(
        W(
            "Hard to separate from proximal hamstring tendinopathy without imaging; manage both "
            "with offloading and graded loading.",
            "This often settles once pressure is taken off and the area is strengthened.",
        ),
    ),
    sooner=GENERAL_SAFETY
    + (
        W(
            "Not settling in 6-8 weeks: imaging (US/MRI) and medical review.",
            "Tell us if it is not settling after about 6 to 8 weeks.",
        ),
    ),
    follow_up=FOLLOW_UP_LOAD,
    citation=(
        src.GOOM_2016,
        src.estimate("offloading principles; no bursitis trial data retrieved"),
    ),
)

# --- Nerve family -------------------------------------------------------------------------------

NERVE_DEPROVOKE = (
    W(
        "Reduce sustained positions that compress or tension the nerve: long sitting, wallet in the "
        "back pocket, deep hip flexion + adduction + IR, slumped long-sitting.",
        "Avoid long sitting, take your wallet out of your back pocket, and avoid positions that "
        "fold the hip up and across the body for long.",
    ),
    W(
        "Avoid repeated provocation and 'releasing' the spot; no aggressive stretching.",
        "Don't keep poking or stretching the sore spot: the nerve calms down when left alone.",
    ),
)

DGS_PATH = _path(
    "deep_gluteal_syndrome",
    "hypothesis",
    "Deep gluteal syndrome: de-provoke, sliders, hip strength",
    "Giving the sciatic nerve room in the buttock",
    goals=(
        W(
            "Calm nerve reactivity, restore sitting tolerance and hip rotator/abductor capacity.",
            "Calm the nerve, build up your sitting time and strengthen the hip.",
        ),
    ),
    reduce_avoid=NERVE_DEPROVOKE,
    phases=(
        Phase("Calm and glide", "Stage 1: calm the nerve", (SLIDER_SEATED, SITTING_TOLERANCE)),
        Phase("Strength and tolerance", "Stage 2: strength", (HIP_ER_STRENGTH, BRIDGE)),
        Phase("Tensioners as tolerated", "Stage 3: more nerve movement", (TENSIONER,)),
    ),
    progress_criteria=(SLIDERS_FIRST, PAIN_MONITORING),
    home=(SLIDER_SEATED, SITTING_TOLERANCE),
    education=(
        W(
            "Fishman 2002: 79% of FAIR-positive patients improved >=50% with injection + "
            "physiotherapy. Refractory cases: endoscopic decompression series (Park 2016).",
            "Most people with this problem improve with the right exercise and advice.",
        ),
    ),
    sooner=GENERAL_SAFETY
    + (
        W(
            "Not responding: image the pelvis and deep gluteal space, not only the lumbar spine "
            "(tumours can mimic piriformis syndrome).",
            "If it is not improving, we will arrange further checks.",
        ),
    ),
    follow_up=FOLLOW_UP_NERVE,
    citation=(src.FISHMAN_2002, src.PARK_2016, src.COPPIETERS_BUTLER_2008, src.BICKELS_1999),
)

RADIC_PATH = _path(
    "lumbar_radiculopathy",
    "hypothesis",
    "Lumbar radicular pain: directional preference, sliders, neuro monitoring",
    "Calming an irritated nerve root in the back",
    goals=(
        W(
            "Reduce radicular pain and nerve-root irritability; monitor neurological function.",
            "Calm the irritated nerve and keep a close eye on how it is working.",
        ),
    ),
    reduce_avoid=(
        NERVE_DEPROVOKE[0],
        W(
            "Avoid movements that peripheralise symptoms.",
            "Avoid movements that send the pain further down the leg.",
        ),
    ),
    phases=(
        Phase(
            "Directional preference and gliding",
            "Stage 1: calm it down",
            (DP_EXERCISE, SLIDER_SEATED, WALK),
        ),
        Phase("Restore function", "Stage 2: get back to normal", (LUMBOPELVIC, TENSIONER)),
    ),
    progress_criteria=(DIRECTIONAL_PREFERENCE, SLIDERS_FIRST),
    home=(DP_EXERCISE, SLIDER_SEATED, WALK),
    education=(
        STAY_ACTIVE,
        W(
            "Most radicular pain improves with conservative care; recheck myotomes/reflexes each "
            "visit.",
            "Most nerve-root pain settles over weeks. We will check your strength and reflexes each "
            "time.",
        ),
    ),
    sooner=GENERAL_SAFETY
    + (
        W(
            "Refer if the deficit progresses, cauda equina features appear, or disabling radicular "
            "pain fails several weeks of conservative care (commonly 6-8 weeks; timing not from a "
            "retrieved trial) for an injection/surgical opinion.",
            "Tell us if weakness or numbness gets worse, or if the leg pain is still severe after "
            "6 to 8 weeks.",
        ),
    ),
    follow_up=FOLLOW_UP_NERVE,
    citation=(src.LONG_2004, src.COPPIETERS_BUTLER_2008, src.FINUCANE_2020),
)

SCIATIC_PATH = _path(
    "sciatic_nerve_sensitisation",
    "hypothesis",
    "Sciatic nerve mechanosensitivity: de-provoke, sliders before tensioners",
    "Calming a sensitive sciatic nerve",
    goals=(
        W(
            "Reduce nerve mechanosensitivity and restore movement tolerance.",
            "Make the nerve less sensitive so you can move freely again.",
        ),
    ),
    reduce_avoid=NERVE_DEPROVOKE,
    phases=(
        Phase("Sliders", "Stage 1: nerve glides", (SLIDER_SEATED, WALK)),
        Phase("Tensioners and loading", "Stage 2: more movement", (TENSIONER, GLUTE_LOAD)),
    ),
    progress_criteria=(SLIDERS_FIRST,),
    home=(SLIDER_SEATED, WALK),
    education=(STAY_ACTIVE,),
    follow_up=FOLLOW_UP_NERVE,
    citation=(src.COPPIETERS_BUTLER_2008, src.SCHAFER_2009),
)

# --- Referred family ----------------------------------------------------------------------------

LUMBAR_PATH = _path(
    "lumbar_somatic_referral",
    "hypothesis",
    "Lumbar referred pain: directional preference (MDT)",
    "Treating the low back to ease the buttock",
    goals=(
        W(
            "Treat the lumbar source: directional-preference exercise, stay active, stratify "
            "psychosocial risk (STarT Back).",
            "Treat the back, which is where the buttock pain is coming from.",
        ),
    ),
    reduce_avoid=(
        W(
            "Avoid the direction that peripheralises symptoms; avoid prolonged positions that "
            "provoke.",
            "Avoid movements or positions that push the pain further out from your back.",
        ),
    ),
    phases=(
        Phase("Directional preference", "Stage 1: your back exercise", (DP_EXERCISE, WALK)),
        Phase("Restore function and strength", "Stage 2: strength", (LUMBOPELVIC,)),
    ),
    progress_criteria=(
        DIRECTIONAL_PREFERENCE,
        W(
            "Centralisation supports a good prognosis (Laslett 2005/2006).",
            "Pain moving toward your back and away from the buttock or leg is a good sign.",
        ),
    ),
    home=(DP_EXERCISE, WALK),
    education=(STAY_ACTIVE,),
    follow_up=FOLLOW_UP_REFERRED,
    citation=(src.LONG_2004, src.LASLETT_CENTRALISATION),
)

SIJ_PATH = _path(
    "sij_pain",
    "hypothesis",
    "Sacroiliac joint pain: load management and lumbopelvic strength",
    "Settling the joint at the back of the pelvis",
    goals=(
        W(
            "Reduce SIJ provocation and build lumbopelvic/hip capacity; management evidence is "
            "weaker than for the diagnosis.",
            "Ease the joint and strengthen the muscles that support it.",
        ),
    ),
    reduce_avoid=(
        W(
            "Reduce provocative asymmetric loading (single-leg impact, prolonged standing on one "
            "leg); a pelvic belt short-term if it helps.",
            "Avoid standing on one leg for long and jumping for now; a pelvic support belt may "
            "help for a short time.",
        ),
    ),
    phases=(
        Phase("Settle", "Stage 1: settle", (WALK,)),
        Phase("Lumbopelvic and hip strength", "Stage 2: strength", (LUMBOPELVIC, BRIDGE)),
    ),
    progress_criteria=(PAIN_MONITORING,),
    home=(WALK, LUMBOPELVIC),
    education=(
        W(
            "Manual therapy for short-term symptom relief; an image-guided SIJ block confirms the "
            "source if needed.",
            "Hands-on treatment can ease it for a while; exercise keeps it better.",
        ),
    ),
    sooner=GENERAL_SAFETY
    + (
        W(
            "Exclude septic or inflammatory sacroiliitis if fever, raised inflammatory markers or "
            "inflammatory-type stiffness.",
            "Tell us if you get a fever or long morning stiffness.",
        ),
    ),
    follow_up=FOLLOW_UP_REFERRED,
    citation=(src.LASLETT_2005, src.JONELY_2015),
)

OA_PATH = _path(
    "hip_oa",
    "hypothesis",
    "Hip osteoarthritis: education, exercise, weight management",
    "Keeping a stiff, sore hip strong and moving",
    goals=(
        W(
            "Education, strength + range-of-motion exercise, weight management and activity "
            "pacing (APTA hip OA guideline, Cibulka 2009).",
            "Keep the hip moving and strong, and pace your activity.",
        ),
    ),
    reduce_avoid=(
        W(
            "Pace long walks and deep squats; use a stick in the opposite hand on bad days.",
            "Spread activity through the day and avoid deep squatting on bad days.",
        ),
    ),
    phases=(
        Phase(
            "Mobility and strength",
            "Stage 1: move and strengthen",
            (HIP_ROM, HIP_STRENGTH, CYCLING),
        ),
    ),
    progress_criteria=(PAIN_MONITORING,),
    home=(HIP_ROM, HIP_STRENGTH),
    education=(
        W(
            "X-ray when clinical criteria are met and it would change management; orthopaedic "
            "referral if function stays poor despite care.",
            "Exercise is one of the best treatments for hip arthritis.",
        ),
    ),
    sooner=GENERAL_SAFETY
    + (
        W(
            "Rapidly worsening pain, steroid/alcohol history (AVN) or stress-fracture risk: "
            "imaging and medical review.",
            "Tell us if the pain gets much worse quickly.",
        ),
    ),
    follow_up=FOLLOW_UP_REFERRED,
    citation=(src.CIBULKA_2009, src.ALTMAN_1991, src.SUTLIVE_2008),
)

FAI_PATH = _path(
    "fai_labral",
    "hypothesis",
    "FAI / labral: activity modification and hip-trunk strength",
    "Avoiding hip pinching and building strength",
    goals=(
        W(
            "Modify provocative activity and strengthen hip/trunk (FAI patients are weaker); "
            "surgical opinion if mechanical symptoms or rehab fails.",
            "Avoid the positions that pinch the hip and build strength around it.",
        ),
    ),
    reduce_avoid=(
        W(
            "Avoid deep flexion combined with IR/adduction (deep squats, low seats, knees-to-chest).",
            "Avoid deep squats, very low chairs and pulling the knee to the chest.",
        ),
    ),
    phases=(
        Phase("Strength in pain-free range", "Stage 1: strength", (HIP_STRENGTH, LUMBOPELVIC)),
        Phase("Return to sport", "Stage 2: back to sport", (SPLIT_SQUAT, RETURN_RUN)),
    ),
    progress_criteria=(PAIN_MONITORING,),
    home=(HIP_STRENGTH,),
    education=(
        W(
            "FADIR is a screen: a positive test proves little, a negative test makes "
            "intra-articular pathology less likely. Specific trial data were not retrieved.",
            "Many people with hip pinching do well with exercise and activity changes.",
        ),
    ),
    sooner=GENERAL_SAFETY
    + (
        W(
            "Locking, giving way or failure of rehab: orthopaedic opinion.",
            "Tell us if the hip locks or gives way.",
        ),
    ),
    follow_up=FOLLOW_UP_REFERRED,
    citation=(src.REIMAN_2015, src.HIP_WEAKNESS),
)

# --- Family paths (used when the working hypothesis is uncertain) --------------------------------

GENERIC_ISO = E(
    "Isometric holds for the painful muscle-tendon unit",
    "Muscle holds without moving",
    "5 x 30-45 s holds, moderate effort, daily",
    "Tighten the muscles around the sore area against resistance without moving (for "
    "example pushing the leg into a wall or belt) and hold.",
    "Pain stays at or under 3/10 and is no worse the next morning for a week",
)

LOAD_FAMILY_PATH = _path(
    "load",
    "family",
    "Load-driven pain: dial down, remove compression, rebuild capacity",
    "Calming and strengthening an overloaded tendon or muscle",
    goals=(
        W(
            "Dial down the aggravating volume, remove compression, rebuild capacity: isometric -> "
            "isotonic -> single-leg/functional -> energy storage/running.",
            "Reduce what flares it, avoid squeezing the sore area, then build strength step by "
            "step.",
        ),
    ),
    reduce_avoid=(
        W(
            "Reduce the aggravating volume (stairs, hills, running, single-leg load) for now and "
            "avoid compression of the painful tissue (sitting or lying on it, crossed legs).",
            "For now, do less of what flares it, and avoid sitting or lying on the sore spot or "
            "crossing your legs.",
        ),
        W(
            "Avoid aggressive stretching of an irritable tendon.",
            "Don't stretch the sore area hard.",
        ),
    ),
    phases=(
        Phase("Isometric: settle pain", "Stage 1: calm it down", (GENERIC_ISO,)),
        Phase("Isotonic strength", "Stage 2: build strength", (BRIDGE, SIT_TO_STAND)),
        Phase(
            "Single-leg and functional loading", "Stage 3: one-leg strength", (STEP_UP, SPLIT_SQUAT)
        ),
        Phase(
            "Energy storage and running (athletes)",
            "Stage 4: hopping and running",
            (HOPS, RETURN_RUN),
        ),
    ),
    progress_criteria=(PAIN_MONITORING, GT_PATH.progress_criteria[1]),
    home=(GENERIC_ISO, BRIDGE),
    education=(
        W(
            "Explain load and compression as the driver; tendons and muscles adapt to gradually "
            "increasing load and dislike sudden spikes and sustained compression.",
            "Tendons and muscles get stronger with steady, gradually increasing exercise and get "
            "irritated by sudden jumps in activity or by being squeezed for long.",
        ),
    ),
    follow_up=FOLLOW_UP_LOAD,
    citation=(src.MELLOR_2018, src.GOOM_2016, src.SILBERNAGEL_2007, src.HEIDERSCHEIT_2011),
)

NERVE_FAMILY_PATH = _path(
    "nerve",
    "family",
    "Nerve-sensitive pain: calm reactivity, sliders before tensioners",
    "Calming a sensitive nerve",
    goals=(
        W(
            "Calm reactivity; avoid repeated provocation rather than 'releasing' the spot.",
            "Give the nerve room and time to settle.",
        ),
    ),
    reduce_avoid=NERVE_DEPROVOKE,
    phases=SCIATIC_PATH.phases,
    progress_criteria=(SLIDERS_FIRST,),
    home=(SLIDER_SEATED, WALK),
    education=(STAY_ACTIVE,),
    follow_up=FOLLOW_UP_NERVE,
    citation=(src.COPPIETERS_BUTLER_2008,),
)

REFERRED_FAMILY_PATH = _path(
    "referred",
    "family",
    "Referred pain: find and treat the source",
    "Treating where the pain comes from",
    goals=(
        W(
            "Treat the source: directional-preference exercise for the back, or the hip/SIJ path "
            "once the source is clearer.",
            "Treat the source of the pain (back, pelvis joint or hip).",
        ),
    ),
    reduce_avoid=(
        W(
            "Avoid movements that peripheralise or clearly provoke the source.",
            "Avoid movements that clearly make it worse or send it further down.",
        ),
    ),
    phases=LUMBAR_PATH.phases,
    progress_criteria=(DIRECTIONAL_PREFERENCE,),
    home=(DP_EXERCISE, WALK),
    education=(STAY_ACTIVE,),
    follow_up=FOLLOW_UP_REFERRED,
    citation=(src.LONG_2004, src.LASLETT_2005),
)

# --- Red-flag paths -----------------------------------------------------------------------------


def _red(
    code: str,
    title: str,
    patient_title: str,
    urgency: str,
    *,
    what: Wording,
    avoid: tuple[Wording, ...],
    sooner: tuple[Wording, ...],
    follow_up: Wording,
    citation: tuple[str, ...],
) -> TreatmentPath:
    return _path(
        code,
        "red_flag",
        title,
        patient_title,
        goals=(what,),
        reduce_avoid=avoid,
        education=(
            W(
                "The usual exercise path is paused until the referral is "
                "completed; record the reason for referral.",
                "We are pausing the usual exercise plan until this has been "
                "checked. This is a precaution.",
            ),
        ),
        sooner=sooner,
        follow_up=follow_up,
        citation=citation,
        urgency=urgency,
    )


RED_FLAG_PATHS = (
    _red(
        "cauda_equina",
        "Emergency referral: suspected cauda equina syndrome",
        "Go to the emergency department today",
        "emergency",
        what=W(
            "Same-day emergency referral for MRI; outcomes are better with decompression "
            "within 48 h of onset. Do not continue the musculoskeletal assessment.",
            "Go to the emergency department today. Take this sheet and say you have new "
            "bladder, bowel or saddle numbness with back or leg pain.",
        ),
        avoid=(
            W(
                "Do not delay for further physiotherapy testing.",
                "Don't wait to see whether it settles.",
            ),
        ),
        sooner=(
            W(
                "If already referred and symptoms worsen, call emergency services.",
                "If things get worse on the way or while waiting, call an ambulance.",
            ),
        ),
        follow_up=W(
            "Confirm the same day that the patient attended.",
            "We will contact you today to check you were seen.",
        ),
        citation=(src.FINUCANE_2020, src.CES_48H),
    ),
    _red(
        "progressive_neuro_deficit",
        "Urgent referral: progressive neurological deficit",
        "See a doctor within 1 to 3 days",
        "urgent",
        what=W(
            "Urgent (24-72 h) spinal/medical review and MRI; same-day if motor loss is "
            "worsening quickly.",
            "See a doctor in the next 1 to 3 days about the weakness or numbness.",
        ),
        avoid=(
            W(
                "Avoid provocative neural loading until reviewed.",
                "Avoid stretches and positions that send symptoms down the leg.",
            ),
        ),
        sooner=(
            W(
                "Same-day/emergency if bladder, bowel or saddle symptoms appear or weakness "
                "worsens quickly.",
                "Go to the emergency department if weakness gets quickly worse or you have "
                "bladder, bowel or saddle-area changes.",
            ),
        ),
        follow_up=W(
            "Contact within 72 h to confirm review; recheck neuro at every visit.",
            "We will check in within 3 days.",
        ),
        citation=(src.FINUCANE_2020,),
    ),
    _red(
        "malignancy",
        "Urgent medical referral: possible serious pathology",
        "See your doctor this week for tests",
        "urgent",
        what=W(
            "Urgent medical referral: ESR/CRP and imaging of pelvis and spine.",
            "See your doctor this week so they can arrange blood tests and a scan.",
        ),
        avoid=(
            W(
                "Avoid vigorous manual therapy until cleared.",
                "No hands-on treatment until the tests are back.",
            ),
        ),
        sooner=(
            W(
                "Escalate if new neurological signs, rapidly worsening pain or systemic symptoms.",
                "Go sooner if you feel unwell, lose more weight, or the pain gets quickly worse.",
            ),
        ),
        follow_up=W(
            "Contact within a week to confirm the appointment.", "We will check in within a week."
        ),
        citation=(src.FINUCANE_2020, src.BICKELS_1999),
    ),
    _red(
        "infection",
        "Same-day medical review: possible infection",
        "See a doctor today",
        "emergency",
        what=W(
            "Same-day medical review: temperature, bloods (FBC, ESR/CRP, cultures), MRI.",
            "See a doctor today because of the fever with this pain.",
        ),
        avoid=(
            W(
                "No exercise progression or manual therapy until infection is excluded.",
                "Rest from the exercise plan until you have been checked.",
            ),
        ),
        sooner=(
            W(
                "Emergency department if febrile and unwell or unable to bear weight.",
                "Go to the emergency department if you feel very unwell or cannot stand on "
                "the leg.",
            ),
        ),
        follow_up=W(
            "Confirm the same day that the patient was seen.", "We will contact you today."
        ),
        citation=(src.FINUCANE_2020, src.SEPTIC_SIJ),
    ),
    _red(
        "femoral_neck_stress_fracture",
        "Protect and image: suspected femoral neck stress fracture",
        "Stop running, use crutches, get a scan",
        "urgent",
        what=W(
            "Stop impact; crutches (protected weight bearing) until imaging: X-ray then MRI. "
            "Tension-side fracture: urgent orthopaedic referral.",
            "Stop running and jumping now, use crutches, and get an X-ray and MRI in the "
            "next 1 to 2 days.",
        ),
        avoid=(
            W(
                "No running, hopping or loaded single-leg work.",
                "No running, hopping or jumping until the scan is clear.",
            ),
        ),
        sooner=(
            W(
                "Emergency if unable to bear weight at all or sudden severe pain.",
                "Go to the emergency department if you suddenly cannot put weight on the leg.",
            ),
        ),
        follow_up=W(
            "Contact within 48 h to confirm imaging; address energy availability.",
            "We will check in within 2 days.",
        ),
        citation=(src.ROBERTSON_WOOD_2017,),
    ),
    _red(
        "proximal_hamstring_avulsion",
        "Urgent imaging: suspected proximal hamstring avulsion",
        "Get a scan and a specialist review this week",
        "urgent",
        what=W(
            "MRI within days and orthopaedic referral; complete avulsions are usually repaired "
            "and timing matters.",
            "You need a scan and a specialist review within the next few days; if the "
            "tendon has come off the bone, early repair works best.",
        ),
        avoid=(
            W(
                "No stretching or strengthening of the hamstrings until reviewed.",
                "Don't stretch or exercise the back of the thigh until it has been checked.",
            ),
        ),
        sooner=(
            W(
                "Numbness or weakness below the knee (sciatic involvement): same-day review.",
                "Get seen the same day if your foot or lower leg goes numb or weak.",
            ),
        ),
        follow_up=W(
            "Contact within a few days to confirm imaging.", "We will check in within a few days."
        ),
        citation=(src.HAMSTRING_AVULSION,),
    ),
    _red(
        "vascular_claudication",
        "Medical referral: possible buttock claudication",
        "See your doctor about your circulation",
        "soon",
        what=W(
            "Medical referral for vascular assessment.",
            "Book a visit with your doctor in the next week or two to check your circulation.",
        ),
        avoid=(W("Continue walking within tolerance.", "Keep walking as you can."),),
        sooner=(
            W(
                "Cold, pale or numb leg at rest: emergency.",
                "If the leg becomes cold, pale or numb at rest, go to the emergency department.",
            ),
        ),
        follow_up=W(
            "Follow up after the medical review.", "We will see you after your doctor's visit."
        ),
        citation=(src.NO_SOURCE_OTHER,),
    ),
    _red(
        "inflammatory_sacroiliitis",
        "Medical referral: possible inflammatory back pain",
        "See your doctor about possible joint inflammation",
        "soon",
        what=W(
            "Medical/rheumatology referral for assessment of axial spondyloarthritis.",
            "Book a visit with your doctor in the next few weeks.",
        ),
        avoid=(
            W(
                "Continue exercise; it usually helps inflammatory back pain.",
                "Keep exercising; movement usually helps this kind of stiffness.",
            ),
        ),
        sooner=(
            W(
                "Fever or rapidly worsening pain: same-day review.",
                "See a doctor the same day if you get a fever.",
            ),
        ),
        follow_up=W(
            "Follow up after the medical review.", "We will see you after your doctor's visit."
        ),
        citation=(src.NO_SOURCE_OTHER,),
    ),
)

TREATMENT_PATHS = {
    path.code: path
    for path in (
        GT_PATH,
        PHT_PATH,
        STRAIN_PATH,
        MTRP_PATH,
        BURSA_PATH,
        DGS_PATH,
        RADIC_PATH,
        SCIATIC_PATH,
        LUMBAR_PATH,
        SIJ_PATH,
        OA_PATH,
        FAI_PATH,
        LOAD_FAMILY_PATH,
        NERVE_FAMILY_PATH,
        REFERRED_FAMILY_PATH,
        *RED_FLAG_PATHS,
    )
}

# Added to the treatment path when the pain-mechanism picture is nociplastic-dominant
# (orthogonal to the tissue source).
NOCIPLASTIC_ADVICE = (
    W(
        "Nociplastic features: pain neuroscience education, graded activity/exposure, sleep and "
        "stress management, multidisciplinary care if distress is high; avoid making tissue-focused "
        "passive care the main strategy.",
        "Your nervous system has become more protective, so pain can be louder than the damage. "
        "Understanding pain, pacing activity up gradually, sleep and stress care all help.",
    ),
)
NOCIPLASTIC_CITATION = src.NOCIPLASTIC_CARE
