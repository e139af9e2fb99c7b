"""Region codes (地区码) of resident ID numbers: known, unlisted, or impossible.

The first 6 digits of an ID number are the county-level code (GB/T 2260) of the place of first
household registration. python-stdnum's table lags behind the official list, and a resident
must never be turned away because a code list is behind: a code under a real mainland province
that no list here holds is *unlisted* (the table asks the recorder to check the card and scan
again), not refused. Only a province that does not exist is refused.

`SUPPLEMENT` holds the real county-level codes python-stdnum 2.2 lacks. Source: 中华人民共和国
县以上行政区划代码, published by the Ministry of Civil Affairs (民政部), 2023 list
(https://www.mca.gov.cn/mzsj/xzqh/2023/202301xzqh.html), and for codes in use only in earlier
years the ministry's yearly lists as collected in github.com/yescallop/areacodes (CC0,
data/<year>.txt). Each entry: name, first and last year it appears in those lists.
tests/unit/test_regions.py checks every county code of the 2023 list against this module.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache

from stdnum import numdb

__all__ = ["SUPPLEMENT", "RegionStatus", "region_status"]

SUPPLEMENT: dict[str, tuple[str, int, int]] = {
    # In the 2023 list (created 2021 when Hangzhou's 余杭区 and 江干区 were redrawn).
    "330113": ("临平区", 2021, 2024),
    "330114": ("钱塘区", 2021, 2024),
    # Earlier lists: codes of a few years, still printed on cards issued then.
    "132733": ("唐海县", 1982, 1982),
    "229006": ("蛟河市", 1989, 1989),
    "230834": ("友谊县", 1984, 1990),
    "329012": ("昆山市", 1989, 1989),
    "329013": ("启东市", 1989, 1989),
    "339011": ("诸暨市", 1989, 1989),
    "340511": ("郊区", 1983, 1983),
    "360411": ("郊区", 1983, 1983),
    "369001": ("瑞昌市", 1989, 1989),
    "370719": ("青州市", 1986, 1986),
    "370819": ("曲阜市", 1986, 1986),
    "379013": ("即墨市", 1989, 1989),
    "379014": ("平度市", 1989, 1989),
    "419007": ("沁阳市", 1989, 1989),
    "620925": ("安西县", 2002, 2005),
}

# Mainland provinces: GB/T 2260 codes 11-65. 71 (Taiwan), 81 and 82 (Hong Kong, Macao) hold no
# resident-ID counties; their residents carry residence permits (810000/820000/830000).
_MAINLAND = range(11, 66)


class RegionStatus(StrEnum):
    LISTED = "listed"  # stdnum or the supplement knows the county
    UNLISTED = "unlisted"  # a real mainland province, a county no list here holds
    IMPOSSIBLE = "impossible"  # no such province


# Cached: numdb scans its prefix lists linearly, up to a millisecond for a western region,
# and a station sees the same few local codes all day.
@lru_cache(maxsize=8192)
def region_status(code: str) -> RegionStatus:
    """Is this 6-digit code a county-level code, in any period?

    stdnum's own `ric.validate` also requires the county to have existed in the birth year.
    That refuses real people: the code is the place of first household registration, often
    years after birth (most cards were first issued in 1984-85 with codes created in 1983),
    and it never changes when a county is later renamed. So only the existence of the code is
    checked.
    """
    if code in SUPPLEMENT:
        return RegionStatus.LISTED
    parts = numdb.get("cn/loc").info(code)
    province = len(parts) == 2 and bool(parts[0][1].get("province"))
    if province and parts[1][1].get("county"):
        return RegionStatus.LISTED
    if province and int(code[:2]) in _MAINLAND:
        return RegionStatus.UNLISTED
    return RegionStatus.IMPOSSIBLE
