"""Draw the exercise pictures in content/pictures/ as simple line drawings.

Each picture is a stick figure on an exercise mat, seen from the side (or from above for
knee rolls), with a faint "start" pose, a solid "end" pose, an orange arrow showing the
movement, the exercise name and a short cue. Output: 640x400 PNG, a few kilobytes each.

With ``--animate`` it draws each picture's moving demonstration instead, from the same poses:
the figure moves from one keyframe pose to the next and back (ease in and out, a pause at each
end; a single pose is stepped through with its limbs swapped), as an animated WebP in
content/pictures/animated/ that the Mini App shows.

Usage:  python tools/draw_pictures.py [--out content/pictures] [--only walking,bridge] [--animate]

Needs Pillow (a development dependency only; the bot just sends the PNG files).
"""

from __future__ import annotations

import argparse
import math
import sys
from dataclasses import replace
from pathlib import Path

if not __package__:  # run as a script (python tools/draw_pictures.py): the repository's modules
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image  # noqa: E402

from tools.figure import Arrow, Limb, Picture, Pose, render  # noqa: E402
from tools.poses import FLOOR, all_fours, knee_rolls, lying_back, lying_front, sitting, stride, tween, walking  # noqa: E402

OUT_DIR = Path(__file__).resolve().parents[1] / "content" / "pictures"

_BACK = lying_back()
_FOURS = all_fours()
_SIT_NECK = (300, 134)

PICTURES: list[Picture] = [
    Picture(
        "walking.png",
        "Walking, built up slowly",
        "Walk on the flat. Rest (sit or lean forward) when your legs build up, then go on.",
        [walking()],
        [Arrow((462, 112), (526, 112))],
        props=["chair:530"],
    ),
    Picture(
        "knee-rolls.png",
        "Knee rolls (seen from above)",
        "Lying on your back, roll both bent knees to one side, then the other.",
        knee_rolls(),
        [Arrow((500, 118), (500, 270), bulge=-34, both=True)],
        view="top",
    ),
    Picture(
        "pelvic-tilt.png",
        "Pelvic tilt",
        "Flatten your lower back into the mat, then let it arch gently. Small and slow.",
        [replace(_BACK, bow=-26), _BACK],
        [Arrow((262, 244), (312, 244), bulge=-16, both=True)],
    ),
    Picture(
        "knee-to-chest.png",
        "Knee to chest",
        "Hold behind one knee and draw it gently towards your chest. Hold for a count of 5.",
        [_BACK, replace(_BACK, near_leg=Limb((354, 180), bend=-1, tip=-20), near_arm=Limb((296, 236), bend=-1))],
        [Arrow((392, 226), (312, 196), bulge=22)],
    ),
    Picture(
        "bottom-to-heels.png",
        "Bottom to heels stretch",
        "From hands and knees, move your bottom back towards your heels, then return.",
        [
            _FOURS,
            Pose(
                hip=(452, FLOOR - 44),
                neck=(350, FLOOR - 60),
                bow=12,
                near_leg=Limb((462, FLOOR), bend=1, tip=0),
                far_leg=Limb((466, FLOOR - 1), bend=1, tip=0),
                near_arm=Limb((283, FLOOR), bend=1),
                far_arm=Limb((289, FLOOR), bend=1),
                head_turn=-10,
            ),
        ],
        [Arrow((410, 196), (456, 236), bulge=-18)],
    ),
    Picture(
        "cat-camel.png",
        "Cat and camel",
        "On hands and knees, slowly round your back up, then let it dip down.",
        [all_fours(bow=30), all_fours(bow=-34)],
        [Arrow((342, 130), (342, 226), bulge=-26, both=True)],
    ),
    Picture(
        "prone-press-up.png",
        "Press-up lying on your front",
        "Keep your hips down. Push up onto your forearms, then lower slowly.",
        [lying_front(0), lying_front(36)],
        [Arrow((236, 284), (250, 214), bulge=-14)],
    ),
    Picture(
        "seated-nerve-glide.png",
        "Sitting nerve glide",
        "Straighten the knee as you look up; bend it as you tuck your chin. Keep it smooth.",
        [
            sitting(hands=(338, 236), neck=_SIT_NECK, head_turn=25),
            sitting(hands=(338, 236), neck=_SIT_NECK, head_turn=-30, near_foot=(446, 214)),
        ],
        [Arrow((410, 296), (452, 232), bulge=22, both=True)],
        props=["chair:262"],
    ),
    Picture(
        "lying-nerve-slider.png",
        "Lying nerve slider",
        "Straighten the knee as you point your toes; bend it as you pull your toes up.",
        # A slider, not a tensioner: toes pulled up with the knee bent (start, faint), toes
        # pointed with the knee straight (end); never knee straight and toes up together.
        [
            replace(
                _BACK, near_leg=Limb((406, FLOOR - 82), bend=-1, tip=-110), near_arm=Limb((322, FLOOR - 46), bend=-1)
            ),
            replace(
                _BACK, near_leg=Limb((350, FLOOR - 152), bend=-1, tip=-55), near_arm=Limb((322, FLOOR - 46), bend=-1)
            ),
        ],
        [Arrow((414, 206), (368, 148), bulge=22, both=True)],
    ),
    Picture(
        "bridge.png",
        "Bridge",
        "Tighten your tummy and buttocks, lift your hips into a line, then lower slowly.",
        [
            _BACK,
            replace(
                _BACK,
                hip=(330, FLOOR - 74),
                neck=(226, FLOOR - 12),
                near_leg=Limb((428, FLOOR), bend=-1, tip=-5),
                far_leg=Limb((434, FLOOR), bend=-1, tip=-5),
            ),
        ],
        [Arrow((330, 284), (330, 242))],
    ),
    Picture(
        "seated-forward-bend.png",
        "Sitting forward bend",
        "Slide your hands down towards your shins and let your back round. Come up slowly.",
        [sitting(hands=(340, 234), neck=_SIT_NECK), sitting(hands=(392, 296), neck=(376, 188), bow=26, head_turn=25)],
        [Arrow((318, 112), (402, 158), bulge=-26)],
        props=["chair:262"],
    ),
    Picture(
        "bird-dog.png",
        "Four-point leg reach (bird dog)",
        "Keep your back flat and still. Slide one leg back; add the opposite arm later.",
        [
            _FOURS,
            replace(_FOURS, near_leg=Limb((552, FLOOR - 86), bend=1, tip=0), far_arm=Limb((178, FLOOR - 110), bend=-1)),
        ],
        [Arrow((482, 282), (548, 244), bulge=-18), Arrow((240, 262), (186, 226), bulge=18)],
    ),
]


# --- Moving demonstrations -------------------------------------------------------------------
ANIMATED_DIR = "animated"
STEPS = 12  # frames for one move between two poses
FRAME_MS = 70
HOLD_MS = 700  # the pause at each end of a move


def keyframes(pic: Picture) -> list[Pose]:
    """The poses an animation moves through: the picture's own (a single one with its stride)."""
    return list(pic.poses) if len(pic.poses) > 1 else [pic.poses[0], stride(pic.poses[0])]


def frame(pic: Picture, pose: Pose) -> Image.Image:
    """One frame: the picture without its faint start pose, the figure in ``pose``."""
    return render(replace(pic, poses=[pose])).convert("RGB")


def animate(pic: Picture) -> tuple[list[Image.Image], list[int]]:
    """Frames and their durations (ms): through the keyframes and back, easing in and out."""
    keys = keyframes(pic)
    frames, durations = [frame(pic, keys[0])], [HOLD_MS]
    path = list(zip(keys, keys[1:], strict=False)) + list(zip(keys[::-1], keys[-2::-1], strict=False))
    for a, b in path:
        for i in range(1, STEPS + 1):
            t = (1 - math.cos(math.pi * i / STEPS)) / 2  # ease in and out
            frames.append(frame(pic, tween(a, b, t)))
            durations.append(FRAME_MS)
        durations[-1] = HOLD_MS
    # the last frame is the first pose again: drop it, the loop starts there
    return frames[:-1], durations[:-1]


def save_animation(pic: Picture, out: Path) -> Path:
    frames, durations = animate(pic)
    path = out / ANIMATED_DIR / (Path(pic.file).stem + ".webp")
    path.parent.mkdir(parents=True, exist_ok=True)
    frames[0].save(
        path, save_all=True, append_images=frames[1:], duration=durations, loop=0, lossless=True, quality=100, method=4
    )  # line drawings: lossless is smaller
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    parser.add_argument("--only", default="", help="comma-separated file stems to draw")
    parser.add_argument("--animate", action="store_true", help="draw the moving demonstrations (WebP)")
    args = parser.parse_args(argv)
    wanted = {s.strip() for s in args.only.split(",") if s.strip()}
    args.out.mkdir(parents=True, exist_ok=True)
    for pic in PICTURES:
        if wanted and Path(pic.file).stem not in wanted:
            continue
        if args.animate:
            path = save_animation(pic, args.out)
            print(f"{path} {path.stat().st_size // 1024} KB")
            continue
        path = args.out / pic.file
        render(pic).save(path, optimize=True)
        print(f"{path} {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
