"""voice upload, voice send, voice call."""

from __future__ import annotations

import asyncio
import hashlib
import sys
from pathlib import Path

from jianmi_desktop.campaign.drafts import CALL_DAYS, CALL_HOURS, voice_draft
from jianmi_desktop.campaign.planning import Plan, check_at, plan_voice
from jianmi_desktop.commands.context import Context
from jianmi_desktop.commands.output import EXIT_OK
from jianmi_desktop.commands.sending import read_raws, require_ok, send_and_report
from jianmi_desktop.platform.errors import CheckFailed

MAX_READ = 64 * 1024 * 1024


def _read_file(path: Path) -> bytes:
    from jianmi_desktop.safefiles import FileRefused, read_limited

    try:
        return read_limited(path, MAX_READ, what_zh="语音文件", what_en="voice file",
                            hint_zh="平台只接受 5 MB 以内的 MP3。", hint_en="The platform takes MP3s up to 5 MB.")
    except FileRefused as exc:
        raise CheckFailed([exc.zh]) from None


async def upload(ctx: Context) -> int:
    from jianmi_desktop.voice.mp3check import VoiceFileError, check_mp3

    path = ctx.args.file
    data = await asyncio.to_thread(_read_file, path)
    try:
        mp3 = check_mp3(data, path.name)
    except VoiceFileError as exc:
        raise CheckFailed([exc.zh]) from None
    for line in mp3.warnings:
        print("提示：" + line, file=sys.stderr)
    store = await ctx.store()
    digest = hashlib.sha256(data).hexdigest()
    known = await store.find_voice_file(digest)
    if known:
        print(f"这个文件以前上传过，编号 {known.serial}（不再重复上传）。", file=sys.stderr)
        print(known.serial)
        return EXIT_OK
    serial = await ctx.client().upload_voice(path.name, data)
    await store.add_voice_file(serial=serial, name=path.name, sha256=digest, size=len(data),
                               duration_s=mp3.duration_s)
    print(f"已上传 {path.name}（{mp3.duration_s:.1f} 秒），编号：", file=sys.stderr)
    print(serial)
    return EXIT_OK


async def _plan(ctx: Context) -> Plan:
    store = await ctx.store()
    return plan_voice(ctx.args.text, read_raws(ctx.args), skip_invalid=ctx.args.skip_invalid,
                      opted_out=await store.opt_outs())


async def send(ctx: Context) -> int:
    a = ctx.args
    plan = await _plan(ctx)
    if a.at:
        plan.problems += check_at(a.at)
    require_ok(plan)
    draft = voice_draft(plan.report.valid, text=a.text, serial=a.serial, at=a.at, vote=a.vote, stats=plan.stats())
    cid = await (await ctx.sending()).create(draft)
    if a.at:
        print(f"语音将在 {a.at}（中国时间）由平台拨出。", file=sys.stderr)
    return await send_and_report(ctx, [cid], units_per_message=plan.units_per_message)


async def call(ctx: Context) -> int:
    a = ctx.args
    plan = await _plan(ctx)
    if not 1 <= a.speed <= 1200:
        plan.problems.append(f"每分钟呼叫数 {a.speed} 不在 1 到 1200 之间")
    require_ok(plan)
    draft = voice_draft(plan.report.valid, text=a.text, serial=a.serial, call=True, daycheck=CALL_DAYS[a.days],
                        timecheck=CALL_HOURS[a.hours], speed=a.speed, stats=plan.stats())
    cid = await (await ctx.sending()).create(draft)
    minutes = len(plan.report.valid) / a.speed
    print(f"共 {len(plan.report.valid)} 个号码，每分钟 {a.speed} 个，平台约需 {minutes:.1f} 分钟拨完。", file=sys.stderr)
    return await send_and_report(ctx, [cid], units_per_message=plan.units_per_message)
