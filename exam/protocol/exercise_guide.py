"""How each exercise is shown to the patient: start and end poses for the drawing, and the dose.

Keyed by the exercise's clinician name (`Exercise.name` in treatment.py), so the treatment
paths stay as they are; a test checks that every exercise in every path has an entry here.

Poses are a few joint angles for a side-view (or front-view) stick figure; reports/figures.py
draws them, all in one style. Angles are directions in degrees, as on a clock face seen from the
side with the figure facing right: 0 = straight up, 90 = forward, 180 = straight down,
270 (or -90) = backward. `trunk` runs from the hip to the shoulder, `thigh` from hip to knee,
`shin` from knee to ankle, `arm` from shoulder to elbow, `forearm` from elbow to wrist. The
second leg and arm (`thigh2`, ...) default to the first; in side views they are drawn grey.
The figure is set on the floor by its lowest point (`lift` raises it, e.g. standing on a step).

Dose details are starting points for the clinician to adjust (estimates, like the doses in
treatment.py): sets, reps, hold, rest and how often, and what gives the resistance when the
exercise pushes against something.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .types import ProtocolError

PROPS = frozenset({"chair", "step", "bench", "bike", "band_knees", "band_ankles", "weight"})
# (prop, joint): a wall beside that joint, or a band from that joint to a fixed post.
ANCHORED_PROPS = frozenset({"wall", "tether"})
JOINTS = frozenset({"hip", "knee", "ankle", "shoulder", "wrist", "knee2", "ankle2"})
VIEWS = ("side", "front")


@dataclass(frozen=True, kw_only=True)
class Pose:
    trunk: float = 0
    head: float | None = None  # default: in line with the trunk
    thigh: float = 180
    shin: float = 180
    foot: float | None = None  # default: at a right angle to the shin, toes forward
    thigh2: float | None = None
    shin2: float | None = None
    foot2: float | None = None
    arm: float = 180
    forearm: float | None = None
    arm2: float | None = None
    forearm2: float | None = None
    lift: float = 0
    view: str = "side"
    props: tuple[str, ...] = ()
    anchored: tuple[tuple[str, str], ...] = ()  # e.g. (("wall", "knee"),)
    arrows: tuple[tuple[str, float], ...] = ()  # (joint, direction): the movement or push


@dataclass(frozen=True, kw_only=True)
class Dose:
    sets: int | None = None
    reps: str = ""  # "10", "8-12", "10 steps each way"
    hold: str = ""  # "2 seconds at the top"
    rest: str = ""  # "1 minute between sets"
    how_often: str
    resistance: str = ""  # what pushes back, in plain words ("" for body weight only)


@dataclass(frozen=True, kw_only=True)
class ExerciseGuide:
    start: Pose
    end: Pose
    dose: Dose

    def dose_line(self) -> str:
        """The dose in one plain line: '3 sets of 10 · hold 2 seconds · rest 1 minute · daily'."""
        d = self.dose
        parts = []
        if d.sets and d.reps:
            parts.append(f"{d.sets} sets of {d.reps}")
        elif d.sets:
            parts.append(f"{d.sets} times")
        elif d.reps:
            parts.append(d.reps)
        if d.hold:
            parts.append(f"hold {d.hold}")
        if d.rest:
            parts.append(f"rest {d.rest}")
        parts.append(d.how_often)
        return " · ".join(parts)


P = Pose
G = ExerciseGuide

STAND = P()
SIT = P(trunk=5, thigh=90, shin=180, arm=170, forearm=100, props=("chair",))
ON_BACK_KNEES_BENT = P(trunk=-90, head=-90, thigh=40, shin=150, foot=90, arm=90, forearm=90)
BRIDGE_UP = P(trunk=-110, head=-100, thigh=75, shin=165, foot=90, arm=95, forearm=90)
ON_BACK_LEGS_STRAIGHT = P(trunk=-90, head=-90, thigh=90, shin=90, foot=0, arm=90, forearm=90)
FACE_DOWN = P(trunk=-90, head=-95, thigh=90, shin=90, foot=180, arm=100, forearm=260)
SIDE_LYING = P(view="front", trunk=-90, head=-80, thigh=90, shin=90, foot=0, arm=-30, forearm=-150)
SIDE_LYING_LIFT = P(
    view="front",
    trunk=-90,
    head=-80,
    thigh=72,
    shin=72,
    foot=-18,
    thigh2=90,
    shin2=90,
    foot2=0,
    arm=-30,
    forearm=-150,
    arrows=(("ankle", 0),),
)
FRONT_STAND = P(
    view="front", thigh=171, shin=180, foot=90, thigh2=189, shin2=180, foot2=270, arm=163, arm2=197
)
WALK_A = P(
    trunk=3,
    thigh=160,
    shin=185,
    thigh2=200,
    shin2=215,
    foot2=130,
    arm=200,
    arm2=160,
    forearm=170,
    forearm2=130,
)
WALK_B = P(
    trunk=3,
    thigh=200,
    shin=215,
    foot=130,
    thigh2=160,
    shin2=185,
    arm=160,
    arm2=200,
    forearm=130,
    forearm2=170,
)
RUN_A = P(
    trunk=10,
    thigh=135,
    shin=185,
    thigh2=215,
    shin2=260,
    foot2=170,
    arm=215,
    forearm=120,
    arm2=150,
    forearm2=60,
)
RUN_B = P(
    trunk=10,
    thigh=215,
    shin=260,
    foot=170,
    thigh2=135,
    shin2=185,
    arm=150,
    forearm=60,
    arm2=215,
    forearm2=120,
)

GUIDES: dict[str, ExerciseGuide] = {
    "Isometric hip abduction (neutral)": G(
        start=replace(FRONT_STAND, anchored=(("wall", "knee"),)),
        end=replace(FRONT_STAND, anchored=(("wall", "knee"),), arrows=(("knee", 90),)),
        dose=Dose(
            sets=5,
            hold="30-45 seconds, pushing at medium effort",
            rest="1 minute",
            how_often="1-2 times a day",
            resistance="a wall at the side of your knee, or a belt looped around both knees",
        ),
    ),
    "Double-leg bridge": G(
        start=ON_BACK_KNEES_BENT,
        end=replace(BRIDGE_UP, arrows=(("hip", 0),)),
        dose=Dose(
            sets=3,
            reps="10-15",
            hold="2 seconds at the top",
            rest="1 minute",
            how_often="every day or every other day",
        ),
    ),
    "Sit-to-stand from a standard-height chair": G(
        start=P(trunk=25, thigh=90, shin=180, arm=120, forearm=100, props=("chair",)),
        end=P(arm=120, forearm=100, props=("chair",), arrows=(("hip", 0),)),
        dose=Dose(sets=3, reps="10", rest="1 minute", how_often="every other day"),
    ),
    "Side-stepping (band optional)": G(
        start=replace(FRONT_STAND, props=("band_ankles",)),
        end=replace(
            FRONT_STAND,
            thigh=158,
            shin=168,
            thigh2=195,
            shin2=188,
            props=("band_ankles",),
            arrows=(("ankle", 90),),
        ),
        dose=Dose(
            sets=3,
            reps="10 steps each way",
            rest="1 minute",
            how_often="every other day",
            resistance="a light band around your ankles, once the steps are easy",
        ),
    ),
    "Single-leg stance control": G(
        start=STAND,
        end=P(thigh2=140, shin2=200, foot2=110, arm=150, arm2=150, forearm=120, forearm2=120),
        dose=Dose(sets=3, reps="30 seconds on each leg", how_often="every day"),
    ),
    "Step-ups": G(
        start=P(
            thigh=130, shin=170, foot=90, thigh2=180, shin2=180, arm=190, arm2=170, props=("step",)
        ),
        end=P(
            thigh2=160,
            shin2=195,
            foot2=110,
            lift=16,
            arm=170,
            arm2=190,
            props=("step",),
            arrows=(("hip", 0),),
        ),
        dose=Dose(sets=3, reps="8-12 on each leg", rest="1 minute", how_often="every other day"),
    ),
    "Split squat / single-leg squat": G(
        start=P(
            thigh=155, shin=180, foot=90, thigh2=205, shin2=200, foot2=110, arm=160, forearm=60
        ),
        end=P(
            thigh=100,
            shin=180,
            foot=90,
            thigh2=200,
            shin2=270,
            foot2=150,
            arm=160,
            forearm=60,
            arrows=(("hip", 180),),
        ),
        dose=Dose(
            sets=3, reps="8 on each leg, slowly", rest="1-2 minutes", how_often="every other day"
        ),
    ),
    "Hopping and bounding progression": G(
        start=P(trunk=15, thigh=160, shin=200, foot=110, arm=200, forearm=160),
        end=P(
            trunk=5,
            thigh=175,
            shin=185,
            foot=130,
            lift=14,
            arm=30,
            forearm=20,
            arrows=(("hip", 0),),
        ),
        dose=Dose(sets=2, reps="10 small hops", rest="2 minutes", how_often="every other day"),
    ),
    "Graded return to running": G(
        start=WALK_A,
        end=RUN_A,
        dose=Dose(reps="1 minute running, 1 minute walking, 10 times", how_often="every other day"),
    ),
    "Hamstring isometrics with little hip flexion": G(
        start=replace(FACE_DOWN, shin=45, foot=315, anchored=(("tether", "ankle"),)),
        end=replace(
            FACE_DOWN, shin=45, foot=315, anchored=(("tether", "ankle"),), arrows=(("ankle", 315),)
        ),
        dose=Dose(
            sets=5,
            hold="30-45 seconds, pulling at medium effort",
            rest="1 minute",
            how_often="every day",
            resistance="a band looped around your ankle and tied to a heavy table leg, or your "
            "other ankle crossed over it",
        ),
    ),
    "Short-lever single-leg bridge (daily 'meaningful task')": G(
        start=replace(ON_BACK_KNEES_BENT, thigh=25, shin=170),
        end=replace(
            BRIDGE_UP, thigh=60, shin=175, thigh2=75, shin2=75, foot2=0, arrows=(("hip", 0),)
        ),
        dose=Dose(reps="3 lifts on each leg", hold="2 seconds at the top", how_often="every day"),
    ),
    "Hip thrust / bridge progressions": G(
        start=P(
            trunk=-55,
            head=-40,
            thigh=60,
            shin=170,
            foot=90,
            arm=90,
            forearm=90,
            props=("bench", "weight"),
        ),
        end=P(
            trunk=-95,
            head=-85,
            thigh=80,
            shin=175,
            foot=90,
            arm=95,
            forearm=90,
            props=("bench", "weight"),
            arrows=(("hip", 0),),
        ),
        dose=Dose(
            sets=3,
            reps="8-12",
            rest="1-2 minutes",
            how_often="2-3 times a week",
            resistance="a weight or a heavy bag resting on your hips",
        ),
    ),
    "Romanian deadlift to tolerated depth": G(
        start=P(props=("weight",)),
        end=P(
            trunk=70,
            head=75,
            thigh=168,
            shin=190,
            arm=180,
            forearm=180,
            props=("weight",),
            arrows=(("hip", 270),),
        ),
        dose=Dose(
            sets=3,
            reps="8, slowly",
            rest="1-2 minutes",
            how_often="2-3 times a week",
            resistance="a weight held in your hands: a dumbbell or a full shopping bag",
        ),
    ),
    "Eccentric hip extension / running drills": G(
        start=P(
            thigh=120,
            shin=150,
            thigh2=180,
            shin2=180,
            arm=150,
            forearm=90,
            anchored=(("wall", "wrist"),),
        ),
        end=P(
            thigh2=180,
            shin2=180,
            thigh=200,
            shin=205,
            foot=140,
            arm=150,
            forearm=90,
            anchored=(("wall", "wrist"),),
            arrows=(("knee", 200),),
        ),
        dose=Dose(
            sets=3, reps="8 on each leg, slowly", rest="1 minute", how_often="every other day"
        ),
    ),
    "Gentle isometric contractions of the strained muscle": G(
        start=ON_BACK_LEGS_STRAIGHT,
        end=replace(ON_BACK_LEGS_STRAIGHT, arrows=(("ankle", 180),)),
        dose=Dose(
            sets=5,
            hold="10-20 seconds, gently and without pain",
            rest="30 seconds",
            how_often="every day",
            resistance="the bed or floor your heel presses into",
        ),
    ),
    "Walking program": G(
        start=WALK_A,
        end=WALK_B,
        dose=Dose(reps="10-20 minutes", how_often="1-2 times a day"),
    ),
    "Progressive hamstring strengthening (incl. eccentric)": G(
        start=P(arm=150, forearm=90, anchored=(("wall", "wrist"),)),
        end=P(
            shin=280,
            foot=10,
            shin2=180,
            arm=150,
            forearm=90,
            anchored=(("wall", "wrist"),),
            arrows=(("ankle", 0),),
        ),
        dose=Dose(
            sets=3,
            reps="8-10",
            rest="1-2 minutes",
            how_often="every other day",
            resistance="a light band or ankle weight, added once the movement is easy",
        ),
    ),
    "Progressive gluteal loading": G(
        start=SIDE_LYING,
        end=SIDE_LYING_LIFT,
        dose=Dose(
            sets=3,
            reps="10-12",
            rest="1 minute",
            how_often="every other day",
            resistance="your own leg at first; later a light band or ankle weight",
        ),
    ),
    "Graded sitting": G(
        start=replace(SIT, props=("chair",)),
        end=replace(WALK_A, props=("chair",)),
        dose=Dose(
            reps="sit a little less than your limit, then stand and move",
            how_often="through the day",
        ),
    ),
    "Seated sciatic nerve slider": G(
        start=P(trunk=5, head=25, thigh=90, shin=180, arm=170, forearm=100, props=("chair",)),
        end=P(
            trunk=5,
            head=-20,
            thigh=90,
            shin=100,
            foot=0,
            arm=170,
            forearm=100,
            props=("chair",),
            arrows=(("ankle", 30),),
        ),
        dose=Dose(
            sets=2, reps="10 slow, easy movements", rest="30 seconds", how_often="2-3 times a day"
        ),
    ),
    "Hip external rotation and abduction strengthening": G(
        start=replace(FRONT_STAND, props=("band_ankles",)),
        end=replace(
            FRONT_STAND,
            thigh=150,
            shin=150,
            foot=60,
            props=("band_ankles",),
            arrows=(("ankle", 90),),
        ),
        dose=Dose(
            sets=3,
            reps="10-12 on each leg",
            rest="1 minute",
            how_often="every other day",
            resistance="a light band around your ankles, once the movement is easy",
        ),
    ),
    "Sciatic nerve tensioner (later)": G(
        start=P(trunk=5, head=-15, thigh=90, shin=180, arm=170, forearm=100, props=("chair",)),
        end=P(
            trunk=5,
            head=35,
            thigh=90,
            shin=100,
            foot=0,
            arm=170,
            forearm=100,
            props=("chair",),
            arrows=(("ankle", 30),),
        ),
        dose=Dose(sets=2, reps="5, gently", rest="30 seconds", how_often="once a day"),
    ),
    "Directional-preference exercise": G(
        start=replace(FACE_DOWN, arm=115, forearm=250),
        end=P(
            trunk=-55,
            head=-60,
            thigh=90,
            shin=90,
            foot=180,
            arm=175,
            forearm=185,
            arrows=(("shoulder", 0),),
        ),
        dose=Dose(reps="10 movements", how_often="every 2-3 hours"),
    ),
    "Lumbopelvic and hip strengthening": G(
        start=ON_BACK_KNEES_BENT,
        end=replace(BRIDGE_UP, arrows=(("hip", 0),)),
        dose=Dose(sets=3, reps="10", rest="1 minute", how_often="every other day"),
    ),
    "Hip range-of-motion exercises": G(
        start=ON_BACK_LEGS_STRAIGHT,
        end=replace(
            ON_BACK_LEGS_STRAIGHT,
            thigh=-20,
            shin=75,
            foot=-15,
            arm=20,
            forearm=60,
            arrows=(("knee", -60),),
        ),
        dose=Dose(reps="10 of each movement", how_often="every day"),
    ),
    "Hip strengthening (abductors, extensors)": G(
        start=SIDE_LYING,
        end=SIDE_LYING_LIFT,
        dose=Dose(sets=3, reps="10", rest="1 minute", how_often="2-3 times a week"),
    ),
    "Cycling or swimming": G(
        start=P(
            trunk=30,
            thigh=150,
            shin=175,
            thigh2=95,
            shin2=175,
            arm=115,
            forearm=95,
            lift=10,
            props=("bike",),
        ),
        end=P(
            trunk=30,
            thigh=95,
            shin=175,
            thigh2=150,
            shin2=175,
            arm=115,
            forearm=95,
            lift=10,
            props=("bike",),
        ),
        dose=Dose(reps="20-30 minutes at an easy pace", how_often="2-3 times a week"),
    ),
    "Isometric holds for the painful muscle-tendon unit": G(
        start=replace(FRONT_STAND, anchored=(("wall", "knee"),)),
        end=replace(FRONT_STAND, anchored=(("wall", "knee"),), arrows=(("knee", 90),)),
        dose=Dose(
            sets=5,
            hold="30-45 seconds, pushing at medium effort",
            rest="1 minute",
            how_often="every day",
            resistance="a wall beside your leg, or a belt looped around both knees",
        ),
    ),
}


def guide_for(name: str) -> ExerciseGuide:
    try:
        return GUIDES[name]
    except KeyError:
        raise ProtocolError(
            f"Exercise {name!r} has no entry in exam/protocol/exercise_guide.py "
            "(poses and dose for the patient handout)."
        ) from None


def validate_guides() -> None:
    for name, guide in GUIDES.items():
        for pose in (guide.start, guide.end):
            if pose.view not in VIEWS:
                raise ProtocolError(f"{name}: unknown view {pose.view!r}")
            unknown = set(pose.props) - PROPS
            unknown |= {p for p, _ in pose.anchored if p not in ANCHORED_PROPS}
            joints = {j for _, j in pose.anchored} | {j for j, _ in pose.arrows}
            unknown |= joints - JOINTS
            if unknown:
                raise ProtocolError(f"{name}: unknown prop or joint {sorted(unknown)}")
