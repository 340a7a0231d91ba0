"""The model's vocabularies: the enums, and the Chinese names of list kinds."""

from __future__ import annotations

from enum import StrEnum

# --------------------------------------------------------------------------- enums


class AreaLevel(StrEnum):
    """Levels of the area hierarchy: province → city → county → township → village/community → grid → compound."""

    PROVINCE = "province"  # 省
    CITY = "city"  # 市
    COUNTY = "county"  # 区市县
    TOWNSHIP = "township"  # 乡镇/街道
    VILLAGE = "village"  # 村
    COMMUNITY = "community"  # 社区
    GRID = "grid"  # 网格
    COMPOUND = "compound"  # 楼院 / 住宅小区 (DL-2.2)


#: which parent level each area level may sit under
AREA_PARENT: dict[AreaLevel, tuple[AreaLevel, ...]] = {
    AreaLevel.PROVINCE: (),
    AreaLevel.CITY: (AreaLevel.PROVINCE,),
    AreaLevel.COUNTY: (AreaLevel.CITY,),
    AreaLevel.TOWNSHIP: (AreaLevel.COUNTY,),
    AreaLevel.VILLAGE: (AreaLevel.TOWNSHIP,),
    AreaLevel.COMMUNITY: (AreaLevel.TOWNSHIP,),
    AreaLevel.GRID: (AreaLevel.VILLAGE, AreaLevel.COMMUNITY),
    AreaLevel.COMPOUND: (AreaLevel.GRID, AreaLevel.VILLAGE, AreaLevel.COMMUNITY),
}


class BodyKind(StrEnum):
    GOVERNMENT = "government"  # 人民政府 / 街道办事处
    PARTY_COMMITTEE = "party_committee"  # 党委 / 党工委
    DEPARTMENT = "department"  # 县/市直部门
    DISPATCHED = "dispatched"  # 派驻机构
    OFFICE = "office"  # 乡镇内设办事机构
    INSTITUTION = "institution"  # 事业单位
    VILLAGE_COMMITTEE = "village_committee"  # 村委会 / 居委会


#: kinds whose area is their jurisdiction (GOVERNS); the others SERVE an area
GOVERNING_KINDS = frozenset(
    {BodyKind.GOVERNMENT, BodyKind.PARTY_COMMITTEE, BodyKind.DEPARTMENT, BodyKind.VILLAGE_COMMITTEE}
)


class DispatchStatus(StrEnum):
    DISPATCHED = "dispatched"  # 继续实行派驻体制
    INTEGRATED = "integrated"  # 已整合为乡镇所属


class DispatchedForm(StrEnum):
    """What a dispatched body is (DL-1.1-integration: only institution branches are to be integrated)."""

    INSTITUTION_BRANCH = "institution_branch"  # 派驻乡镇的事业单位分支机构
    ADMINISTRATIVE = "administrative"  # 行政派出机构：派出所、司法所、市场监督管理所 …


class OfficeType(StrEnum):
    PARTY_BUILDING = "party_building"  # 党建工作办公室 (DL-1.1)
    COMPREHENSIVE = "comprehensive"  # 综合办事机构
    OTHER = "other"


class PowerCode(StrEnum):
    INTEGRATED_MANAGEMENT = "integrated_management"
    COORDINATION = "coordination"
    EMERGENCY_HANDLING = "emergency_handling"
    PARTICIPATION_ADVICE = "participation_advice"
    PERSONNEL_ADVICE = "personnel_advice"
    LAW_ENFORCEMENT = "law_enforcement"


class PersonnelAspect(StrEnum):
    ASSESSMENT = "assessment"  # 工作考核
    APPOINTMENT = "appointment"  # 主要负责同志任免


class DutyType(StrEnum):
    LICENSING = "行政许可"
    PENALTY = "行政处罚"
    COERCION = "行政强制"
    LEVY = "行政征收"
    PAYMENT = "行政给付"
    INSPECTION = "行政检查"
    CONFIRMATION = "行政确认"
    REWARD = "行政奖励"
    ADJUDICATION = "行政裁决"
    MEDIATION = "行政调解"
    PUBLIC_SERVICE = "公共服务"
    OTHER_POWER = "其他行政权力"
    OTHER = "其他"


class ListKind(StrEnum):
    POWER = "power"  # 权责清单
    EMPOWERMENT = "empowerment"  # 赋权清单
    BASIC = "basic"  # 基本履职事项清单
    COOPERATING = "cooperating"  # 配合履职事项清单
    TAKEN_BACK = "taken_back"  # 上级部门收回事项清单


#: the three lists of a township (基本 / 配合 / 收回), in their usual order
THREE_LIST_KINDS: tuple[ListKind, ...] = (ListKind.BASIC, ListKind.COOPERATING, ListKind.TAKEN_BACK)

LIST_KIND_ZH = {
    ListKind.POWER: "权责清单",
    ListKind.EMPOWERMENT: "赋权清单",
    ListKind.BASIC: "基本履职事项清单",
    ListKind.COOPERATING: "配合履职事项清单",
    ListKind.TAKEN_BACK: "上级部门收回事项清单",
}


class Role(StrEnum):
    LEAD = "lead"  # 牵头 / 主办
    COOPERATING = "cooperating"  # 配合
    # issue 11: a township that acts in a department's name (委托); not its own lead
    ENTRUSTED = "entrusted"  # 受委托


class HandoverMode(StrEnum):
    DEVOLVE = "下放"
    ENTRUST = "委托"


class MatchVerdict(StrEnum):
    """An analyst's decision on a pair of duty items (kg match confirm / reject)."""

    SAME = "same"  # the same duty in different words: one duty for every audit
    DIFFERENT = "different"  # not the same duty: never proposed as a candidate again


class DecisionKind(StrEnum):
    UNIFIED_DEPLOYMENT = "unified_deployment"  # 党委和政府统一部署
    CONFERMENT = "conferment"  # 赋权决定 (e.g. a province's decision under 行政处罚法 art. 24)
    OTHER = "other"


# --- issue 12 part A: enums (DL-1.1-posts, DL-2.1 … DL-2.3, DL-3.1) ---


class PostKind(StrEnum):
    ADMINISTRATIVE = "administrative"  # 行政编制
    INSTITUTION = "institution"  # 事业编制
    MIXED = "mixed"  # 行政事业编制


class PartyOrgKind(StrEnum):
    BIG_COMMITTEE = "big_committee"  # 大工委 / 大党委 (DL-2.1)
    VILLAGE_ORG = "village_org"  # 村 / 社区党组织
    GRID_BRANCH = "grid_branch"  # 网格党支部 / 党总支 (DL-2.2)
    COMPOUND_GROUP = "compound_group"  # 楼院党小组 / 党支部
    PROPERTY_ORG = "property_org"  # 物业服务企业党组织 (DL-2.3)
    OWNERS_ORG = "owners_org"  # 业主委员会党组织
    NEW_EMPLOYMENT_ORG = "new_employment_org"  # 新就业群体党组织 (DL-3.2)


class PartyOrgForm(StrEnum):
    COMMITTEE = "committee"  # 党委
    WORKING_COMMITTEE = "working_committee"  # 党工委
    GENERAL_BRANCH = "general_branch"  # 党总支
    BRANCH = "branch"  # 党支部
    GROUP = "group"  # 党小组


class UnitCategory(StrEnum):
    LAW_ENFORCEMENT = "law_enforcement"  # 驻区行政执法部门
    PUBLIC_UTILITY = "public_utility"  # 公用事业单位
    MEDICAL = "medical"  # 医疗卫生单位
    TWO_NEW = "two_new"  # 规模较大的“两新”组织
    OTHER = "other"
