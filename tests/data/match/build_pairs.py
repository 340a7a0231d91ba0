"""Build pairs.csv (the labelled matching set) from the duty families below.

Run from the repository root: ``python tests/data/match/build_pairs.py``. The output is
deterministic. See README.md beside this file for how the families were written and
labelled.

A *family* is one duty (one kind of act on one conduct or subject, resting on one
provision) written the ways published lists write it: a county department's 权责清单
item, the comprehensive law-enforcement bureau's item, a township 履职事项清单 item.
Every two wordings of one family form a positive pair; the hard-negative table pairs
wordings of related but different duties; a fixed sample of unrelated families gives
easy negatives; 子项 of one 主项 give structural negatives.
"""

from __future__ import annotations

import csv
import itertools
import random
from pathlib import Path

CX = "《中华人民共和国城乡规划法》"
TD = "《中华人民共和国土地管理法》"
AQ = "《中华人民共和国安全生产法》"
XF = "《中华人民共和国消防法》"
DQ = "《中华人民共和国大气污染防治法》"
SP = "《中华人民共和国食品安全法》"
SL = "《中华人民共和国森林法》"
FH = "《森林防火条例》"
BZ = "《殡葬管理条例》"
JY = "《中华人民共和国义务教育法》"
HD = "《中华人民共和国河道管理条例》"
RQ = "《城镇燃气管理条例》"
JZ = "《社会救助暂行办法》"
NY = "《农药管理条例》"

P, I, L, F, C, O, G = "行政处罚", "行政检查", "行政许可", "行政强制", "行政确认", "其他", "行政给付"  # noqa: E741 (duty-type initials)
OP = "其他行政权力"
DEPT, ZF, TOWN = "县级部门权责清单", "综合行政执法局权责清单", "乡镇履职事项清单"

# family key -> (source note, [(name, duty type, articles ("；"-separated), list kind)])
FAMILIES: dict[str, tuple[str, list[tuple[str, str, str, str]]]] = {
    "cx64": (
        "城乡规划法第六十四条 (law text as quoted at crsrw.com/falvyuanzhu/94100.html); 自然资源和规划局 / 综合执法局 行政处罚 items; township wording from issue 13",
        [
            (
                "对未取得建设工程规划许可证或者未按照建设工程规划许可证的规定进行建设的行政处罚",
                P,
                f"{CX}第六十四条",
                DEPT,
            ),
            ("对未取得建设工程规划许可证进行建设的处罚", P, "《城乡规划法》第64条", ZF),
            ("违法建设治理", O, f"{CX}第六十四条", TOWN),
            ("城镇规划区内违法建设查处", P, f"{CX}第四十条；{CX}第六十四条", TOWN),
            ("未按照建设工程规划许可证的规定进行建设的处罚", P, "", ZF),
        ],
    ),
    "cx65": (
        "城乡规划法第六十五条 (乡、镇人民政府 punishes rural building without 乡村建设规划许可证); township and 综合执法 wordings",
        [
            (
                "对在乡、村庄规划区内未依法取得乡村建设规划许可证或者未按照乡村建设规划许可证的规定进行建设的行政处罚",
                P,
                f"{CX}第六十五条",
                TOWN,
            ),
            ("乡村违法建设查处", P, "《城乡规划法》第六十五条", TOWN),
            ("农村违法建设治理", O, f"{CX}第六十五条", TOWN),
            ("对未取得乡村建设规划许可证进行建设的处罚", P, f"{CX}第六十五条", ZF),
        ],
    ),
    "cx66": (
        "城乡规划法第六十六条 临时建设; 自然资源和规划局 / 综合执法局 wordings",
        [
            ("对未经批准进行临时建设的行政处罚", P, f"{CX}第六十六条第一项", DEPT),
            ("未经批准进行临时建设的处罚", P, "《城乡规划法》第六十六条", ZF),
            ("擅自进行临时建设的查处", P, f"{CX}第六十六条", TOWN),
        ],
    ),
    "cx68": (
        "城乡规划法第六十八条 查封施工现场、强制拆除 (行政强制) as listed by county governments / 综合执法局",
        [
            (
                "对城乡规划主管部门作出责令停止建设或者限期拆除的决定后继续建设的查封施工现场、强制拆除",
                F,
                f"{CX}第六十八条",
                DEPT,
            ),
            ("违法建设强制拆除", F, f"{CX}第六十八条", ZF),
            ("查封违法建设施工现场和强制拆除", F, "《城乡规划法》第六十八条", ZF),
        ],
    ),
    "cx40": (
        "城乡规划法第四十条 建设工程规划许可证核发 (行政许可), 自然资源和规划局 lists",
        [
            ("建设工程规划许可证核发", L, f"{CX}第四十条", DEPT),
            ("建设工程规划许可", L, "《城乡规划法》第四十条", DEPT),
            ("城镇建设工程规划许可证审批", L, f"{CX}第四十条第一款", DEPT),
        ],
    ),
    "cx41": (
        "城乡规划法第四十一条 乡村建设规划许可证核发; county bureau and township (受委托) wordings",
        [
            ("乡村建设规划许可证核发", L, f"{CX}第四十一条", DEPT),
            ("乡村建设规划许可", L, f"{CX}第四十一条", TOWN),
            ("农村村民住宅建设乡村建设规划许可审批", L, "《城乡规划法》第四十一条第一款", TOWN),
        ],
    ),
    "td77": (
        "土地管理法(2019)第七十七条 非法占用土地; 自然资源局 / 综合执法局 / township 上收事项 wordings",
        [
            ("对未经批准或者采取欺骗手段骗取批准，非法占用土地的行政处罚", P, f"{TD}第七十七条", DEPT),
            ("非法占用土地的处罚", P, "《土地管理法》第七十七条第一款", ZF),
            ("对非法占地行为的查处", P, f"{TD}第七十七条", TOWN),
            ("违法占地治理", O, f"{TD}第七十七条", TOWN),
        ],
    ),
    "td78": (
        "土地管理法(2019)第七十八条 农村村民非法占地建住宅 (often delegated to 乡镇)",
        [
            ("对农村村民未经批准或者采取欺骗手段骗取批准，非法占用土地建住宅的行政处罚", P, f"{TD}第七十八条", DEPT),
            ("农村村民非法占用土地建住宅的处罚", P, "《土地管理法》第七十八条", TOWN),
            ("农村村民违法占地建房查处", P, f"{TD}第七十八条第一款", TOWN),
            ("农村村民未经批准占地建住宅的处罚", P, "", ZF),
        ],
    ),
    "td67": (
        "土地管理法(2019)第六十七条 监督检查 (行政检查); 自然资源局 and township 动态巡查 wordings",
        [
            ("对单位和个人遵守土地管理法律法规情况的监督检查", I, f"{TD}第六十七条", DEPT),
            ("土地违法行为动态巡查", I, f"{TD}第六十七条", TOWN),
            ("土地管理监督检查", I, "《土地管理法》第六十七条", DEPT),
        ],
    ),
    "td62": (
        "土地管理法(2019)第六十二条 宅基地审批 (乡镇人民政府审核批准)",
        [
            ("农村村民宅基地审批", L, f"{TD}第六十二条", TOWN),
            ("农村宅基地用地审批", L, "《土地管理法》第六十二条第四款", TOWN),
            ("宅基地申请审核批准", L, f"{TD}第六十二条", DEPT),
            ("农村村民住宅用地审批", L, "", TOWN),
        ],
    ),
    "td75": (
        "土地管理法(2019)第七十五条 占用耕地建窑、建坟、破坏种植条件",
        [
            (
                "对占用耕地建窑、建坟或者擅自在耕地上建房、挖砂、采石、采矿、取土等，破坏种植条件的行政处罚",
                P,
                f"{TD}第七十五条",
                DEPT,
            ),
            ("破坏耕地种植条件的处罚", P, "《土地管理法》第七十五条", ZF),
            ("擅自在耕地上建房、挖砂、采石、取土的查处", P, f"{TD}第七十五条", TOWN),
        ],
    ),
    "aq97": (
        "安全生产法(2021)第九十七条第一项 未设安全生产管理机构/未配备管理人员; 应急管理局 wordings",
        [
            (
                "对生产经营单位未按照规定设置安全生产管理机构或者配备安全生产管理人员的行政处罚",
                P,
                f"{AQ}第九十七条第一项",
                DEPT,
            ),
            ("生产经营单位未配备安全生产管理人员的处罚", P, "《安全生产法》第九十七条", DEPT),
            ("未按规定设置安全生产管理机构或配备安全管理人员的处罚", P, f"{AQ}第九十七条", ZF),
        ],
    ),
    "aq97t": (
        "安全生产法(2021)第九十七条第三项 未进行安全生产教育和培训 (a different 项 of the same article)",
        [
            ("对生产经营单位未按照规定对从业人员进行安全生产教育和培训的行政处罚", P, f"{AQ}第九十七条第三项", DEPT),
            ("未对从业人员进行安全生产教育培训的处罚", P, "《安全生产法》第九十七条", ZF),
        ],
    ),
    "aq-check": (
        "安全生产法(2021) 监督检查: 第六十五条 (应急管理部门) and 第九条 (乡镇、街道按照职责监督检查; see dingnan.gov.cn and 233.com pages on township safety inspection)",
        [
            ("对生产经营单位执行安全生产法律、法规和国家标准或者行业标准情况的行政检查", I, f"{AQ}第六十五条", DEPT),
            ("安全生产监督检查", I, "《安全生产法》第六十五条", DEPT),
            ("辖区生产经营单位安全生产状况监督检查", I, f"{AQ}第九条", TOWN),
            ("对辖区内生产经营单位开展安全生产检查", I, "", TOWN),
        ],
    ),
    "aq-edu": (
        "township 安全生产宣传教育 items (no legal basis given, as in many 履职事项清单)",
        [
            ("安全生产宣传教育", O, "", TOWN),
            ("开展安全生产宣传教育活动", O, "", TOWN),
            ("组织开展安全生产月宣传教育", O, "", TOWN),
        ],
    ),
    "xf60": (
        "消防法第六十条第一款第三项 疏散通道、安全出口; 消防救援大队 and township (赋权) wordings",
        [
            ("对占用、堵塞、封闭疏散通道、安全出口或者有其他妨碍安全疏散行为的行政处罚", P, f"{XF}第六十条", DEPT),
            ("占用、堵塞、封闭疏散通道、安全出口的处罚", P, "《消防法》第六十条第一款第三项", ZF),
            ("堵塞疏散通道安全出口的查处", P, f"{XF}第六十条", TOWN),
        ],
    ),
    "xf53": (
        "消防法第五十三条 消防监督检查 (消防救援机构; 公安派出所日常消防监督检查)",
        [
            ("对机关、团体、企业、事业等单位遵守消防法律、法规情况的监督检查", I, f"{XF}第五十三条", DEPT),
            ("消防监督检查", I, "《消防法》第五十三条", DEPT),
            ("单位消防安全日常监督检查", I, f"{XF}第五十三条第二款", DEPT),
        ],
    ),
    "xf63": (
        "消防法第六十三条第二项 违规使用明火",
        [
            (
                "对违反规定使用明火作业或者在具有火灾、爆炸危险的场所吸烟、使用明火的行政处罚",
                P,
                f"{XF}第六十三条",
                DEPT,
            ),
            ("违反规定使用明火作业的处罚", P, "《消防法》第六十三条第二项", ZF),
            ("在具有火灾、爆炸危险的场所吸烟、使用明火的处罚", P, f"{XF}第六十三条", ZF),
        ],
    ),
    "dq119": (
        "大气污染防治法第一百一十九条第一款 露天焚烧秸秆、落叶 (生态环境局 / 综合执法 / 赋权乡镇)",
        [
            (
                "对在人口集中地区和其他依法需要特殊保护的区域内焚烧秸秆、落叶等产生烟尘污染的物质的行政处罚",
                P,
                f"{DQ}第一百一十九条第一款",
                DEPT,
            ),
            ("露天焚烧秸秆的处罚", P, "《大气污染防治法》第一百一十九条", TOWN),
            ("对露天焚烧秸秆、落叶等产生烟尘污染物质的处罚", P, f"{DQ}第一百一十九条", ZF),
        ],
    ),
    "dq77": (
        "大气污染防治法第七十七条 禁止露天焚烧秸秆 (township 秸秆禁烧 duty, prevention not penalty)",
        [
            ("秸秆禁烧工作", O, f"{DQ}第七十七条", TOWN),
            ("负责辖区秸秆露天禁烧巡查", I, "《大气污染防治法》第七十七条", TOWN),
            ("秸秆禁烧监督管理", O, "", TOWN),
        ],
    ),
    "dq118": (
        "大气污染防治法第一百一十八条第三款 露天烧烤",
        [
            (
                "对在当地人民政府禁止的区域内露天烧烤食品或者为露天烧烤食品提供场地的行政处罚",
                P,
                f"{DQ}第一百一十八条第三款",
                DEPT,
            ),
            ("在禁止区域内露天烧烤食品的处罚", P, f"{DQ}第一百一十八条", ZF),
            ("为露天烧烤食品提供场地的处罚", P, "《大气污染防治法》第一百一十八条", ZF),
        ],
    ),
    "sp122": (
        "食品安全法第一百二十二条 未取得许可从事食品生产经营 (市场监督管理局)",
        [
            ("对未取得食品生产经营许可从事食品生产经营活动的行政处罚", P, f"{SP}第一百二十二条", DEPT),
            ("无证从事食品生产经营的处罚", P, "《食品安全法》第一百二十二条第一款", DEPT),
            ("未取得食品经营许可从事食品经营活动的查处", P, f"{SP}第一百二十二条", TOWN),
        ],
    ),
    "sp35": (
        "食品安全法第三十五条 食品生产经营许可 (行政许可)",
        [
            ("食品经营许可", L, f"{SP}第三十五条", DEPT),
            ("食品生产经营许可证核发", L, "《食品安全法》第三十五条第一款", DEPT),
            ("食品经营许可证审批", L, f"{SP}第三十五条", DEPT),
        ],
    ),
    "sp110": (
        "食品安全法第一百一十条 监督检查; township 配合 wording from 配合履职事项清单",
        [
            ("对食品生产经营者的监督检查", I, f"{SP}第一百一十条", DEPT),
            ("食品安全监督检查", I, "《食品安全法》第一百一十条", DEPT),
            ("食品生产经营日常监督检查", I, "", DEPT),
            ("协助开展食品安全检查", O, "", TOWN),
        ],
    ),
    "sl74": (
        "森林法(2019)第七十四条 开垦、采石、采砂、采土造成林木毁坏",
        [
            ("对进行开垦、采石、采砂、采土或者其他活动，造成林木毁坏的行政处罚", P, f"{SL}第七十四条第一款", DEPT),
            ("开垦、采石、采砂、采土毁坏林木的处罚", P, "《森林法》第七十四条", ZF),
            ("毁坏林木行为的查处", P, f"{SL}第七十四条", TOWN),
        ],
    ),
    "sl76a": (
        "森林法(2019)第七十六条第一款 盗伐林木",
        [
            ("对盗伐林木的行政处罚", P, f"{SL}第七十六条第一款", DEPT),
            ("盗伐林木的处罚", P, "《森林法》第七十六条", ZF),
            ("盗伐林木案件查处", P, f"{SL}第七十六条", DEPT),
        ],
    ),
    "sl76b": (
        "森林法(2019)第七十六条第二款 滥伐林木 (same article, another paragraph)",
        [
            ("对滥伐林木的行政处罚", P, f"{SL}第七十六条第二款", DEPT),
            ("滥伐林木的处罚", P, "《森林法》第七十六条", ZF),
            ("无采伐许可证或者违反采伐许可证规定滥伐林木的处罚", P, f"{SL}第七十六条", DEPT),
        ],
    ),
    "sl56": (
        "森林法(2019)第五十六条 林木采伐许可",
        [
            ("林木采伐许可证核发", L, f"{SL}第五十六条", DEPT),
            ("林木采伐许可", L, "《森林法》第五十六条", DEPT),
            ("林木采伐审批", L, f"{SL}第五十六条第一款", TOWN),
        ],
    ),
    "fh50": (
        "森林防火条例第五十条 森林防火期内擅自野外用火",
        [
            ("对森林防火期内未经批准擅自在森林防火区内野外用火的行政处罚", P, f"{FH}第五十条", DEPT),
            ("森林防火区内擅自野外用火的处罚", P, f"{FH}第五十条", ZF),
            ("违规野外用火的查处", P, f"{FH}第五十条", TOWN),
        ],
    ),
    "fh-town": (
        "森林法第三十四条 / township 森林草原防灭火 duty (prevention, no act on a violator)",
        [
            ("森林防火工作", O, f"{SL}第三十四条", TOWN),
            ("负责辖区森林草原防灭火工作", O, "", TOWN),
            ("森林防火宣传和巡护", O, "", TOWN),
        ],
    ),
    "bz20": (
        "殡葬管理条例第二十条 乱埋乱葬 (民政局 其他行政权力; township 乱埋乱葬治理)",
        [
            (
                "对将应当火化的遗体土葬，或者在公墓和农村的公益性墓地以外的其他地方埋葬遗体、建造坟墓的处理",
                OP,
                f"{BZ}第二十条",
                DEPT,
            ),
            ("乱埋乱葬治理", O, f"{BZ}第二十条", TOWN),
            ("违规土葬和乱埋乱葬的处理", OP, "", TOWN),
        ],
    ),
    "bz8": (
        "殡葬管理条例第八条 殡葬设施建设审批",
        [
            ("建设殡仪馆、火葬场、殡仪服务站、骨灰堂、经营性公墓、农村公益性墓地审批", L, f"{BZ}第八条", DEPT),
            ("农村公益性墓地建设审批", L, f"{BZ}第八条第三款", DEPT),
            ("公益性公墓建设审批", L, "《殡葬管理条例》第八条", DEPT),
        ],
    ),
    "jy13": (
        "义务教育法第十三条 组织和督促适龄儿童、少年入学 (控辍保学)",
        [
            ("控辍保学工作", O, f"{JY}第十三条", TOWN),
            ("组织和督促适龄儿童、少年入学，帮助解决适龄儿童、少年接受义务教育的困难", O, f"{JY}第十三条第一款", TOWN),
            ("督促适龄儿童少年入学", O, "《义务教育法》第十三条", DEPT),
        ],
    ),
    "hd44": (
        "河道管理条例第四十四条 在河道管理范围内弃置、堆放阻碍行洪物体",
        [
            ("对在河道管理范围内弃置、堆放阻碍行洪物体的行政处罚", P, f"{HD}第四十四条第一款第三项", DEPT),
            ("河道管理范围内弃置、堆放阻碍行洪物体的查处", P, "《河道管理条例》第四十四条", TOWN),
            ("在河道管理范围内弃置堆放阻碍行洪物体的处罚", P, f"{HD}第四十四条", ZF),
        ],
    ),
    "hz": (
        "township 河湖长制 items (no legal basis given)",
        [
            ("河湖长制工作", O, "", TOWN),
            ("落实河湖长制，开展河湖日常巡查", O, "", TOWN),
            ("河湖长制日常巡河", O, "", TOWN),
        ],
    ),
    "rq15": (
        "城镇燃气管理条例第十五条 燃气经营许可",
        [
            ("燃气经营许可证核发", L, f"{RQ}第十五条", DEPT),
            ("燃气经营许可", L, f"{RQ}第十五条第二款", DEPT),
        ],
    ),
    "rq45": (
        "城镇燃气管理条例第四十五条 无证从事燃气经营",
        [
            ("对未取得燃气经营许可证从事燃气经营活动的行政处罚", P, f"{RQ}第四十五条第一款", DEPT),
            ("无证从事燃气经营活动的处罚", P, f"{RQ}第四十五条", ZF),
            ("未取得燃气经营许可证从事燃气经营的查处", P, "", TOWN),
        ],
    ),
    "sr-zd": (
        "city-appearance rules on street stalls (占道经营); items listed without article, as many lists do",
        [
            ("对擅自占用城市道路、广场等公共场所摆摊设点、占道经营的处罚", P, "", ZF),
            ("擅自占道经营的处罚", P, "", ZF),
            ("占道经营整治", O, "", TOWN),
        ],
    ),
    "sr-tt": (
        "city-appearance rules on 乱涂乱画乱贴; items listed without article",
        [
            ("对在建筑物、设施以及树木上涂写、刻画或者未经批准张挂、张贴宣传品的处罚", P, "", ZF),
            ("乱涂、乱画、乱张贴的处罚", P, "", ZF),
            ("乱涂乱画乱张贴治理", O, "", TOWN),
        ],
    ),
    "jz11": (
        "社会救助暂行办法第十一条 最低生活保障审批 (民政局 行政给付)",
        [
            ("最低生活保障审批", G, f"{JZ}第十一条", DEPT),
            ("最低生活保障金给付", G, "《社会救助暂行办法》第十一条", DEPT),
            ("城乡居民最低生活保障待遇审批", G, f"{JZ}第十一条第三项", DEPT),
        ],
    ),
    "jz11t": (
        "社会救助暂行办法第十一条 township 低保申请受理、调查、审核 (a different step resting on the same article)",
        [
            ("最低生活保障申请受理、家庭经济状况调查和审核", O, f"{JZ}第十一条", TOWN),
            ("低保申请受理和入户调查", O, f"{JZ}第十一条", TOWN),
        ],
    ),
    "ny55": (
        "农药管理条例第五十五条 未取得农药经营许可证经营农药",
        [
            ("对未取得农药经营许可证经营农药的行政处罚", P, f"{NY}第五十五条第一款第一项", DEPT),
            ("无证经营农药的处罚", P, f"{NY}第五十五条", ZF),
        ],
    ),
    "ny24": (
        "农药管理条例第二十四条 农药经营许可",
        [
            ("农药经营许可", L, f"{NY}第二十四条", DEPT),
            ("农药经营许可证核发", L, "《农药管理条例》第二十四条", DEPT),
        ],
    ),
}

# related-but-different duties: (family, family, kind of hard negative)
HARD_NEGATIVES: list[tuple[str, str, str]] = [
    ("cx64", "cx65", "same law, different article, similar words"),
    ("cx64", "cx66", "same law, different article"),
    ("cx64", "cx68", "same subject, different act (处罚 vs 强制) and article"),
    ("cx64", "cx40", "same subject, different act (处罚 vs 许可) and article"),
    ("cx65", "cx41", "same subject, different act (处罚 vs 许可) and article"),
    ("cx65", "cx66", "same law, different article"),
    ("cx40", "cx41", "same law, different article, similar words (two licences)"),
    ("td77", "td78", "same law, different article, similar words"),
    ("td77", "td67", "same subject, different act (处罚 vs 检查) and article"),
    ("td78", "td62", "same subject, different act (处罚 vs 许可) and article"),
    ("td77", "td75", "same law, different article"),
    ("td78", "cx65", "similar words, different law (rural housing)"),
    ("aq97", "aq97t", "same article, different item (项)"),
    ("aq97", "aq-check", "same law, different act and article"),
    ("aq-check", "aq-edu", "similar words, different duty"),
    ("xf60", "xf53", "same law, different act (处罚 vs 检查)"),
    ("xf60", "xf63", "same law, different article"),
    ("dq119", "dq77", "same subject, different act (penalty vs prevention), different article"),
    ("dq119", "dq118", "same law, different article, similar words (露天)"),
    ("sp122", "sp35", "same subject, different act (处罚 vs 许可) and article"),
    ("sp122", "sp110", "same law, different act"),
    ("sp35", "sp110", "same law, different act"),
    ("sl74", "sl76a", "same law, different article"),
    ("sl76a", "sl76b", "same article, different paragraph (盗伐 vs 滥伐)"),
    ("sl76b", "sl56", "same subject, different act (处罚 vs 许可) and article"),
    ("fh50", "fh-town", "similar words, different duty (penalty vs prevention)"),
    ("bz20", "bz8", "same regulation, different article"),
    ("hd44", "hz", "similar words, different duty (penalty vs patrol)"),
    ("rq15", "rq45", "same subject, different act (许可 vs 处罚) and article"),
    ("ny24", "ny55", "same subject, different act (许可 vs 处罚) and article"),
    ("rq15", "ny24", "similar words (经营许可), different law"),
    ("rq45", "sp122", "similar words (未取得…许可从事…经营), different law"),
    ("jz11", "jz11t", "same article, different step (审批 vs 受理审核)"),
    ("sr-zd", "sr-tt", "similar wording style, different conduct"),
    ("xf53", "sp110", "similar words (监督检查), different law"),
]
MAX_PER_HARD_NEGATIVE = 4
EASY_NEGATIVES = 45

# 子项 of one 主项: (parent id, parent name, [(child name, type, articles)])
STRUCTURE: list[tuple[str, str, list[tuple[str, str, str]]]] = [
    (
        "zx-cx66",
        "对违反临时建设管理规定的处罚",
        [
            ("对未经批准进行临时建设的处罚", P, f"{CX}第六十六条第一项"),
            ("对未按照批准内容进行临时建设的处罚", P, f"{CX}第六十六条第二项"),
            ("对临时建筑物、构筑物超过批准期限不拆除的处罚", P, f"{CX}第六十六条第三项"),
        ],
    ),
    (
        "zx-aq97",
        "对生产经营单位违反安全生产管理机构和人员规定的处罚",
        [
            ("对未按照规定设置安全生产管理机构或者配备安全生产管理人员的处罚", P, f"{AQ}第九十七条第一项"),
            ("对未按照规定对从业人员进行安全生产教育和培训的处罚", P, f"{AQ}第九十七条第三项"),
            ("对未如实记录安全生产教育和培训情况的处罚", P, f"{AQ}第九十七条第四项"),
        ],
    ),
    (
        "zx-xf60",
        "对单位违反消防设施、器材和疏散通道管理规定的处罚",
        [
            ("对损坏、挪用或者擅自拆除、停用消防设施、器材的处罚", P, f"{XF}第六十条第一款第二项"),
            ("对占用、堵塞、封闭疏散通道、安全出口的处罚", P, f"{XF}第六十条第一款第三项"),
            ("对埋压、圈占、遮挡消火栓或者占用防火间距的处罚", P, f"{XF}第六十条第一款第四项"),
        ],
    ),
]

COLUMNS = [
    "pair_id",
    "a_id",
    "a_name",
    "a_type",
    "a_articles",
    "a_parent",
    "a_list",
    "b_id",
    "b_name",
    "b_type",
    "b_articles",
    "b_parent",
    "b_list",
    "same",
    "kind",
    "source",
]


def _row(n: int, a: tuple, b: tuple, same: int, kind: str, source: str) -> dict[str, object]:
    row: dict[str, object] = {"pair_id": f"p{n:04d}", "same": same, "kind": kind, "source": source}
    for side, (item_id, name, dtype, arts, parent, kind_of_list) in (("a", a), ("b", b)):
        row.update(
            {
                f"{side}_id": item_id,
                f"{side}_name": name,
                f"{side}_type": dtype,
                f"{side}_articles": arts,
                f"{side}_parent": parent,
                f"{side}_list": kind_of_list,
            }
        )
    return row


def _items(key: str) -> list[tuple]:
    return [(f"{key}-{i}", name, t, arts, "", lst) for i, (name, t, arts, lst) in enumerate(FAMILIES[key][1])]


def build() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for key, (note, _) in FAMILIES.items():
        for a, b in itertools.combinations(_items(key), 2):
            kind = "positive" if a[5] == b[5] else "positive, different lists"
            rows.append(_row(len(rows) + 1, a, b, 1, kind, note))
    for fa, fb, kind in HARD_NEGATIVES:
        pairs = list(itertools.product(_items(fa), _items(fb)))
        for a, b in random.Random(f"{fa}|{fb}").sample(pairs, min(MAX_PER_HARD_NEGATIVE, len(pairs))):
            rows.append(
                _row(len(rows) + 1, a, b, 0, f"hard negative: {kind}", f"{FAMILIES[fa][0]} | {FAMILIES[fb][0]}")
            )
    for parent, parent_name, children in STRUCTURE:
        items = [(f"{parent}-{i}", n, t, arts, parent, DEPT) for i, (n, t, arts) in enumerate(children)]
        for a, b in itertools.combinations(items, 2):
            rows.append(
                _row(
                    len(rows) + 1,
                    a,
                    b,
                    0,
                    "hard negative: 子项 of one 主项",
                    f"主项 {parent_name}: the list splits the article into 子项",
                )
            )
        main = (parent, parent_name, P, items[0][3], "", DEPT)
        rows.append(
            _row(
                len(rows) + 1,
                main,
                items[0],
                0,
                "hard negative: 主项 and its 子项",
                f"主项 {parent_name} and its first 子项",
            )
        )
    keys = sorted(FAMILIES)
    related = {frozenset(p[:2]) for p in HARD_NEGATIVES}
    rng = random.Random(13)
    seen: set[frozenset[str]] = set()
    while len(seen) < EASY_NEGATIVES:
        fa, fb = rng.sample(keys, 2)
        if fa[:2] == fb[:2] or frozenset((fa, fb)) in related | seen:
            continue  # keep easy negatives in different domains
        seen.add(frozenset((fa, fb)))
        a, b = rng.choice(_items(fa)), rng.choice(_items(fb))
        rows.append(
            _row(len(rows) + 1, a, b, 0, "negative: unrelated domains", f"{FAMILIES[fa][0]} | {FAMILIES[fb][0]}")
        )
    return rows


def main() -> None:
    out = Path(__file__).with_name("pairs.csv")
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(build())


if __name__ == "__main__":
    main()
