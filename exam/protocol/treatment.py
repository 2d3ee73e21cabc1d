"""Treatment paths of protocol 2026.11: one per hypothesis, per family and per red flag.

Every piece of advice is written twice: for the clinician's record and in plain words for the
patient handout. Doses are starting points for the clinician to adjust, not prescriptions.
"""

from __future__ import annotations

from . import sources as src
from .types import Exercise, Phase, TreatmentPath, Wording

# --- Shared advice ------------------------------------------------------------------------------

PAIN_MONITORING = Wording(
    clinician="Pain-monitoring model (Silbernagel 2007): pain <=3/10 during exercise is safe, up to 5/10 is "
    "acceptable, and symptoms must be no worse the next morning; if worse, drop back one step.",
    patient="Some discomfort during exercise is fine: up to 3 out of 10 is safe and up to 5 is OK, as long "
    "as it is no worse the next morning. If it is worse the next morning, go back a step.",
)
SLIDERS_FIRST = Wording(
    clinician="Neurodynamics: sliders before tensioners (Coppieters & Butler 2008: sliders move the nerve "
    "more with far less strain). Progress to tensioners only as irritability falls; no lingering "
    "increase in paraesthesia or neurological signs.",
    patient="Start with gentle nerve 'flossing' movements that glide the nerve without stretching it. "
    "Stretch-type nerve exercises come later, once things are calmer.",
)
DIRECTIONAL_PREFERENCE = Wording(
    clinician="If repeated-movement testing shows a directional preference, prescribe exercise in that "
    "direction (Long 2004: matched exercise beat opposite and non-directional exercise). "
    "Peripheralisation is a warning sign: avoid that direction.",
    patient="Do the back movement that eases your leg and buttock symptoms, in the direction we found "
    "together. If a movement sends pain further down the leg, stop that one.",
)
STAY_ACTIVE = Wording(
    clinician="Keep walking and general activity within tolerance; avoid bed rest.",
    patient="Keep moving: walking and normal daily activity help more than rest.",
)
GENERAL_SAFETY = (
    Wording(
        clinician="Refer urgently if bladder, bowel or saddle symptoms, spreading numbness or weakness, fever "
        "or night pain with weight loss appear.",
        patient="Get help urgently (same day) if you notice new bladder or bowel problems, numbness between "
        "the legs, leg weakness or numbness that is spreading, or fever.",
    ),
)
FOLLOW_UP_LOAD = Wording(
    clinician="Review in 1-2 weeks, then every 2-3 weeks; expect meaningful change by 8-12 weeks (LEAP "
    "8-week results). No change after well-delivered loading: reassess and consider imaging.",
    patient="We will check in after 1 to 2 weeks, then every few weeks. Tendons improve slowly: most "
    "people notice a clear difference within 2 to 3 months.",
)
FOLLOW_UP_NERVE = Wording(
    clinician="Review within 1-2 weeks; recheck neurodynamic tests, myotomes and reflexes each visit.",
    patient="We will see you again within 1 to 2 weeks and re-check how the nerve is working.",
)
FOLLOW_UP_REFERRED = Wording(
    clinician="Review within 1-2 weeks to confirm the source responds to treatment; if not, revisit the "
    "working hypothesis.",
    patient="We will check in within 1 to 2 weeks to see whether treating the source is helping.",
)

# --- Exercises ----------------------------------------------------------------------------------


ISO_ABD = Exercise(
    name="Isometric hip abduction (neutral)",
    patient_name="Pushing the leg out against resistance, no movement",
    dose="5 x 30-45 s holds, moderate effort, 1-2 times a day",
    how="Lie on your back or stand with legs straight and slightly apart. Push the outside of "
    "your knee into a belt or wall without moving. Keep the hips level.",
    progress_when="Pain stays at or under 3/10 and is no worse the next morning for a week",
)
BRIDGE = Exercise(
    name="Double-leg bridge",
    patient_name="Bottom lift",
    dose="3 x 10-15, slow, daily or every other day",
    how="Lie on your back, knees bent, feet flat. Squeeze your buttocks and lift your hips, "
    "hold 2 seconds, lower slowly.",
    progress_when="Easy for 3 sets with pain under 3/10; then move to one leg",
)
SIT_TO_STAND = Exercise(
    name="Sit-to-stand from a standard-height chair",
    patient_name="Standing up from a chair",
    dose="3 x 10, knees in line with toes",
    how="Stand up and sit down slowly without using your hands, knees pointing over your toes.",
    progress_when="Easy and pain-settled; lower the chair or hold a weight",
)
SIDE_STEP = Exercise(
    name="Side-stepping (band optional)",
    patient_name="Side steps",
    dose="3 x 10 steps each way",
    how="Take small steps sideways keeping the hips level and toes forward.",
    progress_when="Smooth and controlled; add a light band",
)
SLS_CONTROL = Exercise(
    name="Single-leg stance control",
    patient_name="Balancing on one leg",
    dose="3 x 30 s each side",
    how="Stand on one leg, hips level, knee soft, without letting the hip drop or push "
    "out to the side.",
    progress_when="Steady for 30 s without pain flare",
)
STEP_UP = Exercise(
    name="Step-ups",
    patient_name="Step-ups",
    dose="3 x 8-12 each leg",
    how="Step up onto a low step with control, hips level, then step down slowly.",
    progress_when="Controlled with pain under 3/10; raise the step or add weight",
)
SPLIT_SQUAT = Exercise(
    name="Split squat / single-leg squat",
    patient_name="Lunge-style squat",
    dose="3 x 8, slow",
    how="Stand with one foot forward, lower straight down, keep the front knee over the "
    "toes and the hips level.",
    progress_when="Controlled for 3 sets; add load or speed",
)
HOPS = Exercise(
    name="Hopping and bounding progression",
    patient_name="Hopping",
    dose="2-3 x 10 light hops, every other day",
    how="Start with small two-leg hops, then one-leg hops, then bounding, only when the "
    "strength work is easy.",
    progress_when="No next-morning flare for 2 weeks; then start running",
)
RETURN_RUN = Exercise(
    name="Graded return to running",
    patient_name="Walk-run plan",
    dose="e.g. 1 min run / 1 min walk x 10, every other day",
    how="Run-walk on flat ground, slightly shorter quicker steps (about 10% more steps per minute).",
    progress_when="Pain-settled by next morning; build time before speed and hills",
)
HS_ISO = Exercise(
    name="Hamstring isometrics with little hip flexion",
    patient_name="Holding the back-of-thigh muscles",
    dose="5 x 30-45 s holds, daily",
    how="Lie face down or stand; press the heel back or bend the knee against resistance and "
    "hold without moving. Keep the hip fairly straight.",
    progress_when="Pain under 3/10 and no worse next morning for a week",
)
SHORT_BRIDGE = Exercise(
    name="Short-lever single-leg bridge (daily 'meaningful task')",
    patient_name="One-leg bottom lift, feet close to you",
    dose="3 reps every day",
    how="Feet close to your bottom, lift on one leg and hold 2 seconds. Use it as a "
    "daily check of how the tendon is doing.",
    progress_when="Easier week by week",
)
HIP_THRUST = Exercise(
    name="Hip thrust / bridge progressions",
    patient_name="Bottom lifts with load",
    dose="3 x 8-12",
    how="Shoulders on a bench, push through the heels to lift the hips, lower slowly.",
    progress_when="Controlled with pain under 3/10",
)
RDL = Exercise(
    name="Romanian deadlift to tolerated depth",
    patient_name="Hip hinge with weight",
    dose="3 x 8, slow",
    how="Soft knees, push the hips back with a straight back, lower only as far as comfortable, "
    "stand back up by squeezing the buttocks.",
    progress_when="Gradually deeper, then heavier",
)
ECC_HIP_EXT = Exercise(
    name="Eccentric hip extension / running drills",
    patient_name="Slow hip-straightening drills",
    dose="3 x 8, every other day",
    how="Controlled lowering drills for the back of the hip, then short strides on flat ground.",
    progress_when="No flare next morning; add speed before hills and sprints",
)
SLIDER_SEATED = Exercise(
    name="Seated sciatic nerve slider",
    patient_name="Nerve glide in sitting",
    dose="2-3 x 10, gently",
    how="Sit tall. Straighten the knee while looking up, then bend the knee while "
    "looking down. Smooth and easy, no stretch feeling.",
    progress_when="No increase in tingling or pain afterwards for a week",
)
TENSIONER = Exercise(
    name="Sciatic nerve tensioner (later)",
    patient_name="Nerve stretch (later stage)",
    dose="2 x 5, gently",
    how="Only when told: straighten the knee while looking down, briefly, then release.",
    progress_when="Only once sliders cause no symptoms",
)
HIP_ER_STRENGTH = Exercise(
    name="Hip external rotation and abduction strengthening",
    patient_name="Hip turning and side-leg strength",
    dose="3 x 10-12",
    how="Side-lying clam or band work, slow and controlled, without pinching deep in the buttock.",
    progress_when="Controlled without nerve symptoms",
)
SITTING_TOLERANCE = Exercise(
    name="Graded sitting",
    patient_name="Building up sitting time",
    dose="Sit for a bit less than your limit, then stand and move; repeat through the day",
    how="Use a cushion, sit tall, keep knees below hips, stand before symptoms build.",
    progress_when="Add 5 minutes when it has been easy for 3 days",
)
DP_EXERCISE = Exercise(
    name="Directional-preference exercise",
    patient_name="Your back exercise",
    dose="10 repetitions every 2-3 hours",
    how="Repeat the back movement we found eases your symptoms (for example lying face "
    "down and pushing up through your arms).",
    progress_when="Symptoms move toward the back and stay better",
)
WALK = Exercise(
    name="Walking program",
    patient_name="Walking",
    dose="10-20 min, 1-2 times a day",
    how="Walk at a comfortable pace on level ground.",
    progress_when="Comfortable; add 5 minutes",
)
LUMBOPELVIC = Exercise(
    name="Lumbopelvic and hip strengthening",
    patient_name="Trunk and hip strength",
    dose="3 x 10",
    how="Bridges, side-lying leg lifts and trunk bracing, slow and controlled.",
    progress_when="Easy for 3 sets; add load",
)
HIP_ROM = Exercise(
    name="Hip range-of-motion exercises",
    patient_name="Hip mobility",
    dose="10 of each, daily",
    how="Gentle hip circles, knee-to-chest and rolling the leg in and out, within comfort.",
    progress_when="Moving more freely",
)
HIP_STRENGTH = Exercise(
    name="Hip strengthening (abductors, extensors)",
    patient_name="Hip strength",
    dose="3 x 10, 2-3 times a week",
    how="Bridges, side-lying leg lifts, sit-to-stand.",
    progress_when="Easy for 3 sets; add load",
)
CYCLING = Exercise(
    name="Cycling or swimming",
    patient_name="Bike or pool",
    dose="20-30 min, 2-3 times a week",
    how="Steady, comfortable pace; raise the bike seat so the hip does not bend deeply.",
    progress_when="Comfortable; add time",
)
GENTLE_ISO = Exercise(
    name="Gentle isometric contractions of the strained muscle",
    patient_name="Gentle muscle holds",
    dose="5 x 10-20 s, pain-free, daily",
    how="Tighten the sore muscle gently without "
    "moving, for example pressing the heel down into the bed.",
    progress_when="Pain-free; then start light movement",
)
HS_CURL = Exercise(
    name="Progressive hamstring strengthening (incl. eccentric)",
    patient_name="Back-of-thigh strength",
    dose="3 x 8-10, every other day",
    how="Bridges, then curls, then slow lowering exercises such as Nordic lowers as able.",
    progress_when="Pain under 3/10 and strength close to the other side",
)
GLUTE_LOAD = Exercise(
    name="Progressive gluteal loading",
    patient_name="Buttock strength",
    dose="3 x 10-12",
    how="Bridges, side-lying leg lifts and step-ups, slow and controlled.",
    progress_when="Easy for 3 sets; add load",
)


# --- Load family --------------------------------------------------------------------------------

GT_COMPRESSION = (
    Wording(
        clinician="Remove tendon compression: no standing hung on one hip, no crossed knees or low seats "
        "(knees above hips), no lying on the painful side; lying on the good side with a pillow "
        "between the knees; stop ITB/gluteal stretches into adduction.",
        patient="Avoid squeezing the tendon: don't stand leaning on one hip, don't cross your legs, avoid "
        "low chairs, don't lie on the sore side, and put a pillow between your knees when lying on "
        "the other side. Stop stretches that pull the leg across your body.",
    ),
    Wording(
        clinician="Reduce sudden changes in walking/running volume, hills and stairs for now.",
        patient="For now, cut back on sudden increases in walking or running, hills and stairs.",
    ),
)

LOAD_PHASES_GT = (
    Phase(
        name="Isometric: settle pain, low compression",
        patient_name="Stage 1: calm it down",
        exercises=(ISO_ABD,),
    ),
    Phase(
        name="Isotonic functional loading in neutral alignment",
        patient_name="Stage 2: build strength",
        exercises=(BRIDGE, SIT_TO_STAND, SIDE_STEP, SLS_CONTROL),
    ),
    Phase(
        name="Heavier, faster and single-leg loading",
        patient_name="Stage 3: one-leg strength",
        exercises=(STEP_UP, SPLIT_SQUAT),
    ),
    Phase(
        name="Energy storage and running (athletes)",
        patient_name="Stage 4: hopping and running",
        exercises=(HOPS, RETURN_RUN),
    ),
)

GT_PATH = TreatmentPath(
    code="gluteal_tendinopathy",
    kind="hypothesis",
    title="Gluteal tendinopathy: education + progressive loading",
    patient_title="Settling and strengthening the hip tendons",
    goals=(
        Wording(
            clinician="Reduce compressive load on the gluteal tendons and rebuild abductor capacity "
            "(abduction torque is ~32% lower on the symptomatic side, Allison 2016).",
            patient="Take the squeeze off the tendons, then make the hip muscles stronger.",
        ),
        Wording(
            clinician="Education + exercise is first-line (LEAP: 77% success at 8 weeks vs 58% injection vs "
            "29% wait-and-see).",
            patient="Learning what to avoid plus the right exercise works better than an injection or "
            "waiting it out.",
        ),
    ),
    reduce_avoid=GT_COMPRESSION,
    phases=LOAD_PHASES_GT,
    progress_criteria=(
        PAIN_MONITORING,
        Wording(
            clinician="Running: cut distance/speed and hopping first; on return, step rate +10% reduces peak "
            "hip adduction and hip energy absorption (Heiderscheit 2011).",
            patient="When you run again, take slightly shorter, quicker steps (about 10% more steps per "
            "minute); this takes load off the outside of the hip.",
        ),
    ),
    home_exercises=(ISO_ABD, BRIDGE, SLS_CONTROL),
    education=(
        Wording(
            clinician="Explain compression + load as the driver; passive stretching and side-lying aggravate.",
            patient="These tendons dislike being squeezed and suddenly overloaded. They like steady, "
            "gradually increasing exercise.",
        ),
    ),
    seek_help_sooner=GENERAL_SAFETY
    + (
        Wording(
            clinician="Suspected full-thickness gluteal tear (marked abductor weakness, positive "
            "Trendelenburg, acute onset) or no change after 8-12 weeks: US/MRI and surgical opinion.",
            patient="Tell us if the hip suddenly becomes much weaker, or if nothing has improved after "
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

PHT_PATH = TreatmentPath(
    code="proximal_hamstring_tendinopathy",
    kind="hypothesis",
    title="Proximal hamstring tendinopathy: reduce compression, staged tendon loading",
    patient_title="Settling and strengthening the hamstring tendon",
    goals=(
        Wording(
            clinician="Reduce compression of the tendon at the ischium while keeping tensile load "
            "(Goom 2016).",
            patient="Stop squeezing the tendon at the sit bone, but keep it working.",
        ),
    ),
    reduce_avoid=(
        Wording(
            clinician="Limit long sitting (especially hard seats: use a cushion), deep hip flexion with the "
            "knee straight, static hamstring stretching, uphill and sprint running for now.",
            patient="For now: avoid long sitting on hard seats (use a cushion and get up often), don't "
            "stretch your hamstrings, and avoid hills and sprinting.",
        ),
    ),
    phases=(
        Phase(
            name="Isometrics with little hip flexion",
            patient_name="Stage 1: calm it down",
            exercises=(HS_ISO, SHORT_BRIDGE),
        ),
        Phase(
            name="Isotonic strength, gradually more hip flexion",
            patient_name="Stage 2: build strength",
            exercises=(BRIDGE, HIP_THRUST, RDL),
        ),
        Phase(
            name="Energy storage, running and speed",
            patient_name="Stage 3: running and speed",
            exercises=(ECC_HIP_EXT, RETURN_RUN),
        ),
    ),
    progress_criteria=(
        PAIN_MONITORING,
        Wording(
            clinician="Daily 'meaningful task' (e.g. 3 reps of short-lever single-leg bridge) tracks tendon "
            "irritability: keep pain <=3/10 with no 24-h flare.",
            patient="Use the daily one-leg bridge test: if it is getting easier, you are on track.",
        ),
    ),
    home_exercises=(HS_ISO, SHORT_BRIDGE),
    education=(
        Wording(
            clinician="Explain compression (sitting, stretching) vs tensile load; tendon recovery takes "
            "months. Case evidence: hip-extension loading, VISA-H 23 -> 83 in 12 weeks.",
            patient="This tendon gets irritated by being squeezed (sitting, stretching) and gets stronger "
            "with the right exercise. Expect steady progress over weeks to months.",
        ),
    ),
    seek_help_sooner=GENERAL_SAFETY
    + (
        Wording(
            clinician="Suspected partial/complete tear, neural involvement (hamstring syndrome) or no "
            "progress after ~3 months: MRI and sports physician/orthopaedic review.",
            patient="Tell us if the back of the thigh becomes very weak or numb, or if nothing improves "
            "after about 3 months.",
        ),
    ),
    follow_up=FOLLOW_UP_LOAD,
    citation=(src.GOOM_2016, src.CUSHMAN_CASE, src.SILBERNAGEL_2007),
)

STRAIN_PATH = TreatmentPath(
    code="muscle_strain",
    kind="hypothesis",
    title="Muscle strain: protect, then progressive loading",
    patient_title="Helping a strained muscle heal and get strong",
    goals=(
        Wording(
            clinician="Protect the healing muscle early, then restore strength (including eccentric) and "
            "running/sprint capacity before return to sport.",
            patient="Let the muscle settle for a few days, then build its strength back step by step.",
        ),
    ),
    reduce_avoid=(
        Wording(
            clinician="Avoid sprinting, kicking and aggressive stretching until pain-free walking and "
            "near-symmetrical strength.",
            patient="No sprinting, kicking or hard stretching until walking is pain-free and the leg feels "
            "strong.",
        ),
    ),
    phases=(
        Phase(
            name="Protection and gentle isometrics",
            patient_name="Stage 1: settle",
            exercises=(GENTLE_ISO, WALK),
        ),
        Phase(
            name="Progressive strengthening",
            patient_name="Stage 2: strength",
            exercises=(BRIDGE, HS_CURL),
        ),
        Phase(
            name="Running and speed",
            patient_name="Stage 3: back to running",
            exercises=(RETURN_RUN,),
        ),
    ),
    progress_criteria=(PAIN_MONITORING,),
    home_exercises=(GENTLE_ISO, WALK),
    education=(
        Wording(
            clinician="Strain-specific trial data were not in the evidence base: loading principles follow "
            "tendon guidance (Goom 2016) and pain monitoring.",
            patient="Muscles heal well when they are loaded gradually.",
        ),
    ),
    seek_help_sooner=GENERAL_SAFETY
    + (
        Wording(
            clinician="Large bruising, a palpable gap or marked weakness: reconsider avulsion (MRI, "
            "orthopaedics).",
            patient="Tell us straight away if big bruising appears down the thigh or the leg becomes very "
            "weak.",
        ),
    ),
    follow_up=Wording(
        clinician="Review within 1 week, then as strength returns.",
        patient="We will check in within a week.",
    ),
    citation=(src.GOOM_2016, src.SILBERNAGEL_2007, src.REIMAN_2013_HAMSTRING),
)

MTRP_PATH = TreatmentPath(
    code="myofascial_trigger_points",
    kind="hypothesis",
    title="Myofascial pain: graded gluteal loading",
    patient_title="Calming sensitive buttock muscles",
    goals=(
        Wording(
            clinician="Reduce muscle sensitivity and restore tolerance with graded loading; manual therapy "
            "only as short-term symptom relief.",
            patient="Make the sore muscles less sensitive and stronger.",
        ),
    ),
    reduce_avoid=(
        Wording(
            clinician="Avoid prolonged static postures and repeated aggressive 'release' of the same spot.",
            patient="Change position often, and avoid pressing hard on the sore spots again and again.",
        ),
    ),
    phases=(
        Phase(
            name="Settle and move",
            patient_name="Stage 1: move comfortably",
            exercises=(WALK,),
        ),
        Phase(
            name="Graded gluteal loading",
            patient_name="Stage 2: strength",
            exercises=(GLUTE_LOAD,),
        ),
    ),
    progress_criteria=(PAIN_MONITORING,),
    home_exercises=(WALK, GLUTE_LOAD),
    education=(
        Wording(
            clinician="No diagnostic-accuracy data for trigger points: keep the working hypothesis open and "
            "re-examine if symptoms change character.",
            patient="Sore muscle spots are common and usually settle with movement and strength work.",
        ),
    ),
    follow_up=FOLLOW_UP_REFERRED,
    citation=(
        src.SILBERNAGEL_2007,
        src.estimate(
            "general loading principles; no trial data retrieved for gluteal myofascial pain"
        ),
    ),
    seek_help_sooner=GENERAL_SAFETY,
)

BURSA_PATH = TreatmentPath(
    code="ischial_bursitis",
    kind="hypothesis",
    title="Ischiogluteal bursitis: offload, then tendon-style loading",
    patient_title="Taking pressure off the sit bone",
    goals=(
        Wording(
            clinician="Remove direct pressure on the ischium, then load the hamstring origin as for "
            "tendinopathy once settled.",
            patient="Take pressure off the sit bone, then strengthen the area.",
        ),
    ),
    reduce_avoid=(
        Wording(
            clinician="Cushioned or cut-out seat, shorter sitting bouts, avoid hard seats.",
            patient="Use a soft or cut-out cushion, sit for shorter times, avoid hard seats.",
        ),
    ),
    phases=PHT_PATH.phases[:2],
    progress_criteria=(PAIN_MONITORING,),
    home_exercises=(SITTING_TOLERANCE, SHORT_BRIDGE),
    education=(
        Wording(
            clinician="Hard to separate from proximal hamstring tendinopathy without imaging; manage both "
            "with offloading and graded loading.",
            patient="This often settles once pressure is taken off and the area is strengthened.",
        ),
    ),
    seek_help_sooner=GENERAL_SAFETY
    + (
        Wording(
            clinician="Not settling in 6-8 weeks: imaging (US/MRI) and medical review.",
            patient="Tell us if it is not settling after about 6 to 8 weeks.",
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
    Wording(
        clinician="Reduce sustained positions that compress or tension the nerve: long sitting, wallet in the "
        "back pocket, deep hip flexion + adduction + IR, slumped long-sitting.",
        patient="Avoid long sitting, take your wallet out of your back pocket, and avoid positions that "
        "fold the hip up and across the body for long.",
    ),
    Wording(
        clinician="Avoid repeated provocation and 'releasing' the spot; no aggressive stretching.",
        patient="Don't keep poking or stretching the sore spot: the nerve calms down when left alone.",
    ),
)

DGS_PATH = TreatmentPath(
    code="deep_gluteal_syndrome",
    kind="hypothesis",
    title="Deep gluteal syndrome: de-provoke, sliders, hip strength",
    patient_title="Giving the sciatic nerve room in the buttock",
    goals=(
        Wording(
            clinician="Calm nerve reactivity, restore sitting tolerance and hip rotator/abductor capacity.",
            patient="Calm the nerve, build up your sitting time and strengthen the hip.",
        ),
    ),
    reduce_avoid=NERVE_DEPROVOKE,
    phases=(
        Phase(
            name="Calm and glide",
            patient_name="Stage 1: calm the nerve",
            exercises=(SLIDER_SEATED, SITTING_TOLERANCE),
        ),
        Phase(
            name="Strength and tolerance",
            patient_name="Stage 2: strength",
            exercises=(HIP_ER_STRENGTH, BRIDGE),
        ),
        Phase(
            name="Tensioners as tolerated",
            patient_name="Stage 3: more nerve movement",
            exercises=(TENSIONER,),
        ),
    ),
    progress_criteria=(SLIDERS_FIRST, PAIN_MONITORING),
    home_exercises=(SLIDER_SEATED, SITTING_TOLERANCE),
    education=(
        Wording(
            clinician="Fishman 2002: 79% of FAIR-positive patients improved >=50% with injection + "
            "physiotherapy. Refractory cases: endoscopic decompression series (Park 2016).",
            patient="Most people with this problem improve with the right exercise and advice.",
        ),
    ),
    seek_help_sooner=GENERAL_SAFETY
    + (
        Wording(
            clinician="Not responding: image the pelvis and deep gluteal space, not only the lumbar spine "
            "(tumours can mimic piriformis syndrome).",
            patient="If it is not improving, we will arrange further checks.",
        ),
    ),
    follow_up=FOLLOW_UP_NERVE,
    citation=(src.FISHMAN_2002, src.PARK_2016, src.COPPIETERS_BUTLER_2008, src.BICKELS_1999),
)

RADIC_PATH = TreatmentPath(
    code="lumbar_radiculopathy",
    kind="hypothesis",
    title="Lumbar radicular pain: directional preference, sliders, neuro monitoring",
    patient_title="Calming an irritated nerve root in the back",
    goals=(
        Wording(
            clinician="Reduce radicular pain and nerve-root irritability; monitor neurological function.",
            patient="Calm the irritated nerve and keep a close eye on how it is working.",
        ),
    ),
    reduce_avoid=(
        NERVE_DEPROVOKE[0],
        Wording(
            clinician="Avoid movements that peripheralise symptoms.",
            patient="Avoid movements that send the pain further down the leg.",
        ),
    ),
    phases=(
        Phase(
            name="Directional preference and gliding",
            patient_name="Stage 1: calm it down",
            exercises=(DP_EXERCISE, SLIDER_SEATED, WALK),
        ),
        Phase(
            name="Restore function",
            patient_name="Stage 2: get back to normal",
            exercises=(LUMBOPELVIC, TENSIONER),
        ),
    ),
    progress_criteria=(DIRECTIONAL_PREFERENCE, SLIDERS_FIRST),
    home_exercises=(DP_EXERCISE, SLIDER_SEATED, WALK),
    education=(
        STAY_ACTIVE,
        Wording(
            clinician="Most radicular pain improves with conservative care; recheck myotomes/reflexes each "
            "visit.",
            patient="Most nerve-root pain settles over weeks. We will check your strength and reflexes each "
            "time.",
        ),
    ),
    seek_help_sooner=GENERAL_SAFETY
    + (
        Wording(
            clinician="Refer if the deficit progresses, cauda equina features appear, or disabling radicular "
            "pain fails several weeks of conservative care (commonly 6-8 weeks; timing not from a "
            "retrieved trial) for an injection/surgical opinion.",
            patient="Tell us if weakness or numbness gets worse, or if the leg pain is still severe after "
            "6 to 8 weeks.",
        ),
    ),
    follow_up=FOLLOW_UP_NERVE,
    citation=(src.LONG_2004, src.COPPIETERS_BUTLER_2008, src.FINUCANE_2020),
)

SCIATIC_PATH = TreatmentPath(
    code="sciatic_nerve_sensitisation",
    kind="hypothesis",
    title="Sciatic nerve mechanosensitivity: de-provoke, sliders before tensioners",
    patient_title="Calming a sensitive sciatic nerve",
    goals=(
        Wording(
            clinician="Reduce nerve mechanosensitivity and restore movement tolerance.",
            patient="Make the nerve less sensitive so you can move freely again.",
        ),
    ),
    reduce_avoid=NERVE_DEPROVOKE,
    phases=(
        Phase(
            name="Sliders",
            patient_name="Stage 1: nerve glides",
            exercises=(SLIDER_SEATED, WALK),
        ),
        Phase(
            name="Tensioners and loading",
            patient_name="Stage 2: more movement",
            exercises=(TENSIONER, GLUTE_LOAD),
        ),
    ),
    progress_criteria=(SLIDERS_FIRST,),
    home_exercises=(SLIDER_SEATED, WALK),
    education=(STAY_ACTIVE,),
    follow_up=FOLLOW_UP_NERVE,
    citation=(src.COPPIETERS_BUTLER_2008, src.SCHAFER_2009),
    seek_help_sooner=GENERAL_SAFETY,
)

# --- Referred family ----------------------------------------------------------------------------

LUMBAR_PATH = TreatmentPath(
    code="lumbar_somatic_referral",
    kind="hypothesis",
    title="Lumbar referred pain: directional preference (MDT)",
    patient_title="Treating the low back to ease the buttock",
    goals=(
        Wording(
            clinician="Treat the lumbar source: directional-preference exercise, stay active, stratify "
            "psychosocial risk (STarT Back).",
            patient="Treat the back, which is where the buttock pain is coming from.",
        ),
    ),
    reduce_avoid=(
        Wording(
            clinician="Avoid the direction that peripheralises symptoms; avoid prolonged positions that "
            "provoke.",
            patient="Avoid movements or positions that push the pain further out from your back.",
        ),
    ),
    phases=(
        Phase(
            name="Directional preference",
            patient_name="Stage 1: your back exercise",
            exercises=(DP_EXERCISE, WALK),
        ),
        Phase(
            name="Restore function and strength",
            patient_name="Stage 2: strength",
            exercises=(LUMBOPELVIC,),
        ),
    ),
    progress_criteria=(
        DIRECTIONAL_PREFERENCE,
        Wording(
            clinician="Centralisation supports a good prognosis (Laslett 2005/2006).",
            patient="Pain moving toward your back and away from the buttock or leg is a good sign.",
        ),
    ),
    home_exercises=(DP_EXERCISE, WALK),
    education=(STAY_ACTIVE,),
    follow_up=FOLLOW_UP_REFERRED,
    citation=(src.LONG_2004, src.LASLETT_CENTRALISATION),
    seek_help_sooner=GENERAL_SAFETY,
)

SIJ_PATH = TreatmentPath(
    code="sij_pain",
    kind="hypothesis",
    title="Sacroiliac joint pain: load management and lumbopelvic strength",
    patient_title="Settling the joint at the back of the pelvis",
    goals=(
        Wording(
            clinician="Reduce SIJ provocation and build lumbopelvic/hip capacity; management evidence is "
            "weaker than for the diagnosis.",
            patient="Ease the joint and strengthen the muscles that support it.",
        ),
    ),
    reduce_avoid=(
        Wording(
            clinician="Reduce provocative asymmetric loading (single-leg impact, prolonged standing on one "
            "leg); a pelvic belt short-term if it helps.",
            patient="Avoid standing on one leg for long and jumping for now; a pelvic support belt may "
            "help for a short time.",
        ),
    ),
    phases=(
        Phase(
            name="Settle",
            patient_name="Stage 1: settle",
            exercises=(WALK,),
        ),
        Phase(
            name="Lumbopelvic and hip strength",
            patient_name="Stage 2: strength",
            exercises=(LUMBOPELVIC, BRIDGE),
        ),
    ),
    progress_criteria=(PAIN_MONITORING,),
    home_exercises=(WALK, LUMBOPELVIC),
    education=(
        Wording(
            clinician="Manual therapy for short-term symptom relief; an image-guided SIJ block confirms the "
            "source if needed.",
            patient="Hands-on treatment can ease it for a while; exercise keeps it better.",
        ),
    ),
    seek_help_sooner=GENERAL_SAFETY
    + (
        Wording(
            clinician="Exclude septic or inflammatory sacroiliitis if fever, raised inflammatory markers or "
            "inflammatory-type stiffness.",
            patient="Tell us if you get a fever or long morning stiffness.",
        ),
    ),
    follow_up=FOLLOW_UP_REFERRED,
    citation=(src.LASLETT_2005, src.JONELY_2015),
)

OA_PATH = TreatmentPath(
    code="hip_oa",
    kind="hypothesis",
    title="Hip osteoarthritis: education, exercise, weight management",
    patient_title="Keeping a stiff, sore hip strong and moving",
    goals=(
        Wording(
            clinician="Education, strength + range-of-motion exercise, weight management and activity "
            "pacing (APTA hip OA guideline, Cibulka 2009).",
            patient="Keep the hip moving and strong, and pace your activity.",
        ),
    ),
    reduce_avoid=(
        Wording(
            clinician="Pace long walks and deep squats; use a stick in the opposite hand on bad days.",
            patient="Spread activity through the day and avoid deep squatting on bad days.",
        ),
    ),
    phases=(
        Phase(
            name="Mobility and strength",
            patient_name="Stage 1: move and strengthen",
            exercises=(HIP_ROM, HIP_STRENGTH, CYCLING),
        ),
    ),
    progress_criteria=(PAIN_MONITORING,),
    home_exercises=(HIP_ROM, HIP_STRENGTH),
    education=(
        Wording(
            clinician="X-ray when clinical criteria are met and it would change management; orthopaedic "
            "referral if function stays poor despite care.",
            patient="Exercise is one of the best treatments for hip arthritis.",
        ),
    ),
    seek_help_sooner=GENERAL_SAFETY
    + (
        Wording(
            clinician="Rapidly worsening pain, steroid/alcohol history (AVN) or stress-fracture risk: "
            "imaging and medical review.",
            patient="Tell us if the pain gets much worse quickly.",
        ),
    ),
    follow_up=FOLLOW_UP_REFERRED,
    citation=(src.CIBULKA_2009, src.ALTMAN_1991, src.SUTLIVE_2008),
)

FAI_PATH = TreatmentPath(
    code="fai_labral",
    kind="hypothesis",
    title="FAI / labral: activity modification and hip-trunk strength",
    patient_title="Avoiding hip pinching and building strength",
    goals=(
        Wording(
            clinician="Modify provocative activity and strengthen hip/trunk (FAI patients are weaker); "
            "surgical opinion if mechanical symptoms or rehab fails.",
            patient="Avoid the positions that pinch the hip and build strength around it.",
        ),
    ),
    reduce_avoid=(
        Wording(
            clinician="Avoid deep flexion combined with IR/adduction (deep squats, low seats, knees-to-chest).",
            patient="Avoid deep squats, very low chairs and pulling the knee to the chest.",
        ),
    ),
    phases=(
        Phase(
            name="Strength in pain-free range",
            patient_name="Stage 1: strength",
            exercises=(HIP_STRENGTH, LUMBOPELVIC),
        ),
        Phase(
            name="Return to sport",
            patient_name="Stage 2: back to sport",
            exercises=(SPLIT_SQUAT, RETURN_RUN),
        ),
    ),
    progress_criteria=(PAIN_MONITORING,),
    home_exercises=(HIP_STRENGTH,),
    education=(
        Wording(
            clinician="FADIR is a screen: a positive test proves little, a negative test makes "
            "intra-articular pathology less likely. Specific trial data were not retrieved.",
            patient="Many people with hip pinching do well with exercise and activity changes.",
        ),
    ),
    seek_help_sooner=GENERAL_SAFETY
    + (
        Wording(
            clinician="Locking, giving way or failure of rehab: orthopaedic opinion.",
            patient="Tell us if the hip locks or gives way.",
        ),
    ),
    follow_up=FOLLOW_UP_REFERRED,
    citation=(src.REIMAN_2015, src.HIP_WEAKNESS),
)

# --- Family paths (used when the working hypothesis is uncertain) --------------------------------

GENERIC_ISO = Exercise(
    name="Isometric holds for the painful muscle-tendon unit",
    patient_name="Muscle holds without moving",
    dose="5 x 30-45 s holds, moderate effort, daily",
    how="Tighten the muscles around the sore area against resistance without moving (for "
    "example pushing the leg into a wall or belt) and hold.",
    progress_when="Pain stays at or under 3/10 and is no worse the next morning for a week",
)

LOAD_FAMILY_PATH = TreatmentPath(
    code="load",
    kind="family",
    title="Load-driven pain: dial down, remove compression, rebuild capacity",
    patient_title="Calming and strengthening an overloaded tendon or muscle",
    goals=(
        Wording(
            clinician="Dial down the aggravating volume, remove compression, rebuild capacity: isometric -> "
            "isotonic -> single-leg/functional -> energy storage/running.",
            patient="Reduce what flares it, avoid squeezing the sore area, then build strength step by "
            "step.",
        ),
    ),
    reduce_avoid=(
        Wording(
            clinician="Reduce the aggravating volume (stairs, hills, running, single-leg load) for now and "
            "avoid compression of the painful tissue (sitting or lying on it, crossed legs).",
            patient="For now, do less of what flares it, and avoid sitting or lying on the sore spot or "
            "crossing your legs.",
        ),
        Wording(
            clinician="Avoid aggressive stretching of an irritable tendon.",
            patient="Don't stretch the sore area hard.",
        ),
    ),
    phases=(
        Phase(
            name="Isometric: settle pain",
            patient_name="Stage 1: calm it down",
            exercises=(GENERIC_ISO,),
        ),
        Phase(
            name="Isotonic strength",
            patient_name="Stage 2: build strength",
            exercises=(BRIDGE, SIT_TO_STAND),
        ),
        Phase(
            name="Single-leg and functional loading",
            patient_name="Stage 3: one-leg strength",
            exercises=(STEP_UP, SPLIT_SQUAT),
        ),
        Phase(
            name="Energy storage and running (athletes)",
            patient_name="Stage 4: hopping and running",
            exercises=(HOPS, RETURN_RUN),
        ),
    ),
    progress_criteria=(PAIN_MONITORING, GT_PATH.progress_criteria[1]),
    home_exercises=(GENERIC_ISO, BRIDGE),
    education=(
        Wording(
            clinician="Explain load and compression as the driver; tendons and muscles adapt to gradually "
            "increasing load and dislike sudden spikes and sustained compression.",
            patient="Tendons and muscles get stronger with steady, gradually increasing exercise and get "
            "irritated by sudden jumps in activity or by being squeezed for long.",
        ),
    ),
    follow_up=FOLLOW_UP_LOAD,
    citation=(src.MELLOR_2018, src.GOOM_2016, src.SILBERNAGEL_2007, src.HEIDERSCHEIT_2011),
    seek_help_sooner=GENERAL_SAFETY,
)

NERVE_FAMILY_PATH = TreatmentPath(
    code="nerve",
    kind="family",
    title="Nerve-sensitive pain: calm reactivity, sliders before tensioners",
    patient_title="Calming a sensitive nerve",
    goals=(
        Wording(
            clinician="Calm reactivity; avoid repeated provocation rather than 'releasing' the spot.",
            patient="Give the nerve room and time to settle.",
        ),
    ),
    reduce_avoid=NERVE_DEPROVOKE,
    phases=SCIATIC_PATH.phases,
    progress_criteria=(SLIDERS_FIRST,),
    home_exercises=(SLIDER_SEATED, WALK),
    education=(STAY_ACTIVE,),
    follow_up=FOLLOW_UP_NERVE,
    citation=(src.COPPIETERS_BUTLER_2008,),
    seek_help_sooner=GENERAL_SAFETY,
)

REFERRED_FAMILY_PATH = TreatmentPath(
    code="referred",
    kind="family",
    title="Referred pain: find and treat the source",
    patient_title="Treating where the pain comes from",
    goals=(
        Wording(
            clinician="Treat the source: directional-preference exercise for the back, or the hip/SIJ path "
            "once the source is clearer.",
            patient="Treat the source of the pain (back, pelvis joint or hip).",
        ),
    ),
    reduce_avoid=(
        Wording(
            clinician="Avoid movements that peripheralise or clearly provoke the source.",
            patient="Avoid movements that clearly make it worse or send it further down.",
        ),
    ),
    phases=LUMBAR_PATH.phases,
    progress_criteria=(DIRECTIONAL_PREFERENCE,),
    home_exercises=(DP_EXERCISE, WALK),
    education=(STAY_ACTIVE,),
    follow_up=FOLLOW_UP_REFERRED,
    citation=(src.LONG_2004, src.LASLETT_2005),
    seek_help_sooner=GENERAL_SAFETY,
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
    return TreatmentPath(
        code=code,
        kind="red_flag",
        title=title,
        patient_title=patient_title,
        goals=(what,),
        reduce_avoid=avoid,
        education=(
            Wording(
                clinician="The usual exercise path is paused until the referral is "
                "completed; record the reason for referral.",
                patient="We are pausing the usual exercise plan until this has been "
                "checked. This is a precaution.",
            ),
        ),
        seek_help_sooner=sooner,
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
        what=Wording(
            clinician="Same-day emergency referral for MRI; outcomes are better with decompression "
            "within 48 h of onset. Do not continue the musculoskeletal assessment.",
            patient="Go to the emergency department today. Take this sheet and say you have new "
            "bladder, bowel or saddle numbness with back or leg pain.",
        ),
        avoid=(
            Wording(
                clinician="Do not delay for further physiotherapy testing.",
                patient="Don't wait to see whether it settles.",
            ),
        ),
        sooner=(
            Wording(
                clinician="If already referred and symptoms worsen, call emergency services.",
                patient="If things get worse on the way or while waiting, call an ambulance.",
            ),
        ),
        follow_up=Wording(
            clinician="Confirm the same day that the patient attended.",
            patient="We will contact you today to check you were seen.",
        ),
        citation=(src.FINUCANE_2020, src.CES_48H),
    ),
    _red(
        "progressive_neuro_deficit",
        "Urgent referral: progressive neurological deficit",
        "See a doctor within 1 to 3 days",
        "urgent",
        what=Wording(
            clinician="Urgent (24-72 h) spinal/medical review and MRI; same-day if motor loss is "
            "worsening quickly.",
            patient="See a doctor in the next 1 to 3 days about the weakness or numbness.",
        ),
        avoid=(
            Wording(
                clinician="Avoid provocative neural loading until reviewed.",
                patient="Avoid stretches and positions that send symptoms down the leg.",
            ),
        ),
        sooner=(
            Wording(
                clinician="Same-day/emergency if bladder, bowel or saddle symptoms appear or weakness "
                "worsens quickly.",
                patient="Go to the emergency department if weakness gets quickly worse or you have "
                "bladder, bowel or saddle-area changes.",
            ),
        ),
        follow_up=Wording(
            clinician="Contact within 72 h to confirm review; recheck neuro at every visit.",
            patient="We will check in within 3 days.",
        ),
        citation=(src.FINUCANE_2020,),
    ),
    _red(
        "malignancy",
        "Urgent medical referral: possible serious pathology",
        "See your doctor this week for tests",
        "urgent",
        what=Wording(
            clinician="Urgent medical referral: ESR/CRP and imaging of pelvis and spine.",
            patient="See your doctor this week so they can arrange blood tests and a scan.",
        ),
        avoid=(
            Wording(
                clinician="Avoid vigorous manual therapy until cleared.",
                patient="No hands-on treatment until the tests are back.",
            ),
        ),
        sooner=(
            Wording(
                clinician="Escalate if new neurological signs, rapidly worsening pain or systemic symptoms.",
                patient="Go sooner if you feel unwell, lose more weight, or the pain gets quickly worse.",
            ),
        ),
        follow_up=Wording(
            clinician="Contact within a week to confirm the appointment.",
            patient="We will check in within a week.",
        ),
        citation=(src.FINUCANE_2020, src.BICKELS_1999),
    ),
    _red(
        "infection",
        "Same-day medical review: possible infection",
        "See a doctor today",
        "emergency",
        what=Wording(
            clinician="Same-day medical review: temperature, bloods (FBC, ESR/CRP, cultures), MRI.",
            patient="See a doctor today because of the fever with this pain.",
        ),
        avoid=(
            Wording(
                clinician="No exercise progression or manual therapy until infection is excluded.",
                patient="Rest from the exercise plan until you have been checked.",
            ),
        ),
        sooner=(
            Wording(
                clinician="Emergency department if febrile and unwell or unable to bear weight.",
                patient="Go to the emergency department if you feel very unwell or cannot stand on "
                "the leg.",
            ),
        ),
        follow_up=Wording(
            clinician="Confirm the same day that the patient was seen.",
            patient="We will contact you today.",
        ),
        citation=(src.FINUCANE_2020, src.SEPTIC_SIJ),
    ),
    _red(
        "femoral_neck_stress_fracture",
        "Protect and image: suspected femoral neck stress fracture",
        "Stop running, use crutches, get a scan",
        "urgent",
        what=Wording(
            clinician="Stop impact; crutches (protected weight bearing) until imaging: X-ray then MRI. "
            "Tension-side fracture: urgent orthopaedic referral.",
            patient="Stop running and jumping now, use crutches, and get an X-ray and MRI in the "
            "next 1 to 2 days.",
        ),
        avoid=(
            Wording(
                clinician="No running, hopping or loaded single-leg work.",
                patient="No running, hopping or jumping until the scan is clear.",
            ),
        ),
        sooner=(
            Wording(
                clinician="Emergency if unable to bear weight at all or sudden severe pain.",
                patient="Go to the emergency department if you suddenly cannot put weight on the leg.",
            ),
        ),
        follow_up=Wording(
            clinician="Contact within 48 h to confirm imaging; address energy availability.",
            patient="We will check in within 2 days.",
        ),
        citation=(src.ROBERTSON_WOOD_2017,),
    ),
    _red(
        "proximal_hamstring_avulsion",
        "Urgent imaging: suspected proximal hamstring avulsion",
        "Get a scan and a specialist review this week",
        "urgent",
        what=Wording(
            clinician="MRI within days and orthopaedic referral; complete avulsions are usually repaired "
            "and timing matters.",
            patient="You need a scan and a specialist review within the next few days; if the "
            "tendon has come off the bone, early repair works best.",
        ),
        avoid=(
            Wording(
                clinician="No stretching or strengthening of the hamstrings until reviewed.",
                patient="Don't stretch or exercise the back of the thigh until it has been checked.",
            ),
        ),
        sooner=(
            Wording(
                clinician="Numbness or weakness below the knee (sciatic involvement): same-day review.",
                patient="Get seen the same day if your foot or lower leg goes numb or weak.",
            ),
        ),
        follow_up=Wording(
            clinician="Contact within a few days to confirm imaging.",
            patient="We will check in within a few days.",
        ),
        citation=(src.HAMSTRING_AVULSION,),
    ),
    _red(
        "vascular_claudication",
        "Medical referral: possible buttock claudication",
        "See your doctor about your circulation",
        "soon",
        what=Wording(
            clinician="Medical referral for vascular assessment.",
            patient="Book a visit with your doctor in the next week or two to check your circulation.",
        ),
        avoid=(
            Wording(
                clinician="Continue walking within tolerance.",
                patient="Keep walking as you can.",
            ),
        ),
        sooner=(
            Wording(
                clinician="Cold, pale or numb leg at rest: emergency.",
                patient="If the leg becomes cold, pale or numb at rest, go to the emergency department.",
            ),
        ),
        follow_up=Wording(
            clinician="Follow up after the medical review.",
            patient="We will see you after your doctor's visit.",
        ),
        citation=(src.NO_SOURCE_OTHER,),
    ),
    _red(
        "inflammatory_sacroiliitis",
        "Medical referral: possible inflammatory back pain",
        "See your doctor about possible joint inflammation",
        "soon",
        what=Wording(
            clinician="Medical/rheumatology referral for assessment of axial spondyloarthritis.",
            patient="Book a visit with your doctor in the next few weeks.",
        ),
        avoid=(
            Wording(
                clinician="Continue exercise; it usually helps inflammatory back pain.",
                patient="Keep exercising; movement usually helps this kind of stiffness.",
            ),
        ),
        sooner=(
            Wording(
                clinician="Fever or rapidly worsening pain: same-day review.",
                patient="See a doctor the same day if you get a fever.",
            ),
        ),
        follow_up=Wording(
            clinician="Follow up after the medical review.",
            patient="We will see you after your doctor's visit.",
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
    Wording(
        clinician="Nociplastic features: pain neuroscience education, graded activity/exposure, sleep and "
        "stress management, multidisciplinary care if distress is high; avoid making tissue-focused "
        "passive care the main strategy.",
        patient="Your nervous system has become more protective, so pain can be louder than the damage. "
        "Understanding pain, pacing activity up gradually, sleep and stress care all help.",
    ),
)
NOCIPLASTIC_CITATION = src.NOCIPLASTIC_CARE
