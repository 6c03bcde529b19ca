"""mms send: every image fitted under 80,000 bytes, addContent once, then mmsSend in batches."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jianmi_desktop.campaign.drafts import mms_draft, report_stats
from jianmi_desktop.campaign.planning import number_problems, text_problems
from jianmi_desktop.campaign.recipients import check_recipients
from jianmi_desktop.commands.context import Context
from jianmi_desktop.commands.sending import read_raws, send_and_report
from jianmi_desktop.platform.errors import CheckFailed

if TYPE_CHECKING:
    from jianmi_desktop.platform.mms_xml import MmsFrame

DEFAULT_SECONDS = 3
MAX_IMAGE_FILE = 100 * 1024 * 1024


def _load_frame(frame: dict[str, Any], index: int) -> tuple[MmsFrame, list[str]]:
    from jianmi_desktop.mms.fit import ImageFitError, fit_image
    from jianmi_desktop.platform.mms_xml import MmsFrame
    from jianmi_desktop.safefiles import FileRefused, read_limited

    seconds = frame["seconds"] if frame["seconds"] is not None else DEFAULT_SECONDS
    problems = []
    if not 1 <= seconds <= 60:
        problems.append(f"第 {index} 帧的显示时间 {seconds} 秒不在 1 到 60 秒之间")
    text = frame["text"]
    if text:
        problems += text_problems(text, what=f"第 {index} 帧的文字", need_signature=False)
    image = None
    image_type = None
    if frame["image"]:
        path = Path(frame["image"])
        try:
            data = read_limited(path, MAX_IMAGE_FILE, what_zh="图片", what_en="picture")
            fitted = fit_image(data, name=path.name)
            image, image_type = fitted.data, fitted.image_type
            print(f"第 {index} 帧：{path.name} → {fitted.image_type} {fitted.width}×{fitted.height}，"
                  f"{len(fitted.data)} 字节", file=sys.stderr)
        except FileRefused as exc:
            problems.append(f"第 {index} 帧：{exc.zh}")
        except ImageFitError as exc:
            problems.append(f"第 {index} 帧（{path}）：{exc.zh}")
    elif not text:
        problems.append(f"第 {index} 帧既没有图片也没有文字")
    return MmsFrame(seconds=seconds, image=image, image_type=image_type, text=text), problems


async def send(ctx: Context) -> int:
    from jianmi_desktop.platform.mms_xml import build_content

    a = ctx.args
    frames_in = getattr(a, "frames", None) or []
    problems = text_problems(a.title, what="彩信标题", need_signature=False)
    if not frames_in:
        problems.append("彩信至少要有一帧：用 --frame 图片 [--text 文字] [--seconds 秒]")
    store = await ctx.store()
    report = check_recipients(read_raws(a), opted_out=await store.opt_outs())
    problems += number_problems(report, skip_invalid=a.skip_invalid)
    frames = []
    for index, frame in enumerate(frames_in, start=1):
        built, frame_problems = await asyncio.to_thread(_load_frame, frame, index)
        frames.append(built)
        problems += frame_problems
    if problems:
        raise CheckFailed(problems)
    content = build_content(a.title, frames)
    cid = await (await ctx.sending()).create(mms_draft(a.title, content, len(frames), report.valid,
                                                       stats=report_stats(report)))
    return await send_and_report(ctx, [cid], units_per_message=1)
