"""voice upload, voice send, voice call."""

from __future__ import annotations

import asyncio
import hashlib
import sys

from jianmi_desktop.campaign.service import account_key, check_at, create_campaign, plan_voice
from jianmi_desktop.commands.output import EXIT_OK
from jianmi_desktop.commands.sending import read_raws, require_ok, send_and_report, stats_of
from jianmi_desktop.platform.errors import CheckFailed

DAYS = {"any": 0, "weekdays": 1, "mon-sat": 2}
HOURS = {"any": 0, "office": 1}
MAX_READ = 64 * 1024 * 1024


def _read_file(path) -> bytes:
    from jianmi_desktop.safefiles import FileRefused, read_limited

    try:
        return read_limited(path, MAX_READ, what_zh="语音文件", what_en="voice file",
                            hint_zh="平台只接受 5 MB 以内的 MP3。", hint_en="The platform takes MP3s up to 5 MB.")
    except FileRefused as exc:
        raise CheckFailed([exc.zh]) from None


async def upload(ctx) -> int:
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
        print(f"这个文件以前上传过，编号 {known['serial']}（不再重复上传）。", file=sys.stderr)
        print(known["serial"])
        return EXIT_OK
    serial = await ctx.client().upload_voice(path.name, data)
    await store.add_voice_file(serial=serial, name=path.name, sha256=digest, size=len(data),
                               duration_s=mp3.duration_s)
    print(f"已上传 {path.name}（{mp3.duration_s:.1f} 秒），编号：", file=sys.stderr)
    print(serial)
    return EXIT_OK


async def _plan(ctx):
    store = await ctx.store()
    plan = plan_voice(ctx.args.text, read_raws(ctx.args), skip_invalid=ctx.args.skip_invalid,
                      opted_out=await store.opt_outs())
    return store, plan


async def send(ctx) -> int:
    a = ctx.args
    store, plan = await _plan(ctx)
    params: dict = {"msg": a.text} if a.text is not None else {"filename": a.serial}
    if a.at:
        plan.problems += check_at(a.at)
    require_ok(plan)
    if a.at:
        params["senddate"], params["sendtime"] = a.at.split(" ")
    if a.vote:
        params["vote"] = True
    cid = await create_campaign(store, account=account_key(ctx.client()), kind="voice", text=a.text, mobiles=plan.report.valid, params=params,
                                batch_size=ctx.settings.batch_size, stats=stats_of(plan))
    if a.at:
        print(f"语音将在 {a.at}（中国时间）由平台拨出。", file=sys.stderr)
    return await send_and_report(ctx, [cid], units_per_message=plan.units_per_message)


async def call(ctx) -> int:
    a = ctx.args
    store, plan = await _plan(ctx)
    if not 1 <= a.speed <= 1200:
        plan.problems.append(f"每分钟呼叫数 {a.speed} 不在 1 到 1200 之间")
    require_ok(plan)
    params: dict = {"msg": a.text} if a.text is not None else {"filename": a.serial}
    params.update(daycheck=DAYS[a.days], timecheck=HOURS[a.hours], speed=a.speed)
    cid = await create_campaign(store, account=account_key(ctx.client()), kind="voicecall", text=a.text, mobiles=plan.report.valid, params=params,
                                batch_size=ctx.settings.batch_size, stats=stats_of(plan))
    minutes = len(plan.report.valid) / a.speed
    print(f"共 {len(plan.report.valid)} 个号码，每分钟 {a.speed} 个，平台约需 {minutes:.1f} 分钟拨完。", file=sys.stderr)
    return await send_and_report(ctx, [cid], units_per_message=plan.units_per_message)
