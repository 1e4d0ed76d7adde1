"""Fixtures for the tagging tests: the shared folder, small labelled sets, a small fitted model."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scsmine.tag.dataset import Example, load_all
from scsmine.tag.train import TrainConfig, fit

REPO = Path(__file__).resolve().parents[2]
GOLD_DIR = REPO / "tests" / "data" / "gold"


def shared_dir() -> Path:
    """SCSMINE_SHARED (set by `make test`), else the folder `shared` next to the repository."""
    return Path(os.environ.get("SCSMINE_SHARED") or REPO.parent / "shared").resolve()


@pytest.fixture(scope="session")
def shared() -> Path:
    path = shared_dir()
    if not (path / "gold" / "passages.jsonl").exists():
        pytest.skip(f"shared data not found at {path}; set SCSMINE_SHARED")
    return path


@pytest.fixture(scope="session")
def labelled(shared: Path) -> list[Example]:
    return load_all(GOLD_DIR, shared)


def _written() -> list[Example]:
    """Passages written for these tests (not third-party text), two per label at least."""
    rows = [
        ("The central bank's credit reference centre keeps loan and credit card records of borrowers.", "en",
         ("finance",), (), "neutral"),
        ("Banks check a borrower's credit report before approving a mortgage or a consumer loan.", "en",
         ("finance",), ("market_order",), "neutral"),
        ("征信机构应当依法采集个人信贷信息，信用报告供银行审批贷款参考。", "zh",
         ("finance",), ("rule_of_law",), "neutral"),
        ("小微企业凭良好信用记录即可获得银行信用贷款，融资难问题得到缓解。", "zh",
         ("finance",), ("market_order",), "positive"),
        ("Companies that evade taxes or sell counterfeit goods are put on a corporate blacklist.", "en",
         ("commercial_sincerity",), (), "neutral"),
        ("市场监管部门将严重违法失信企业列入经营异常名录，并向社会公示。", "zh",
         ("commercial_sincerity",), (), "neutral"),
        ("企业产品质量不合格、合同违约的，记入企业信用档案。", "zh", ("commercial_sincerity",), (), "neutral"),
        ("Foreign firms fear the corporate rating will be used to punish them for political reasons.", "en",
         ("commercial_sincerity",), ("political_control",), "negative"),
        ("Local officials who break promises to investors will have the breach entered in their records.", "en",
         ("government_accountability",), ("trust_building",), "positive"),
        ("地方政府失信违约、拖欠企业账款的，纳入政务诚信考核，追究有关干部责任。", "zh",
         ("government_accountability",), (), "neutral"),
        ("公务员诚信档案记录干部廉政情况，作为考核任用的依据。", "zh", ("government_accountability",), (), "neutral"),
        ("Cadres are evaluated on how well their government keeps its contracts.", "en",
         ("government_accountability",), (), "neutral"),
        ("Judgment defaulters are barred from buying plane and high-speed train tickets.", "en",
         ("individual_behaviour",), ("rule_of_law",), "neutral"),
        ("Cameras with facial recognition shame jaywalkers on public screens, critics say it is Orwellian.", "en",
         ("individual_behaviour",), ("surveillance_privacy", "political_control"), "negative"),
        ("失信被执行人被限制乘坐飞机和高铁，不得高消费。", "zh",
         ("individual_behaviour",), ("rule_of_law",), "neutral"),
        ("市民参加志愿服务可以获得信用积分，享受免押金借书等优惠。", "zh",
         ("individual_behaviour",), ("trust_building",),
         "positive"),
        ("The credit system will promote a culture of honesty and build trust in society.", "en", (),
         ("trust_building",), "positive"),
        ("加强诚信文化建设，弘扬诚实守信的传统美德。", "zh", (), ("trust_building",), "positive"),
        ("Blacklists have proliferated without coordination, and there is no clear way to appeal.", "en", (),
         ("implementation_critique",), "negative"),
        ("各地黑名单标准不一、泛化滥用，信用修复渠道不畅。", "zh", (), ("implementation_critique",), "negative"),
        ("Information sharing platforms connect the databases of forty agencies.", "en", (), (), "neutral"),
        ("全国信用信息共享平台已归集各类信用信息。", "zh", (), (), "neutral"),
        ("The system modernises governance and keeps society stable and harmonious.", "en", (),
         ("social_governance",), "positive"),
        ("推进社会治理体系和治理能力现代化，维护社会和谐稳定。", "zh", (), ("social_governance",), "positive"),
    ]
    out = []
    for i, (text, lang, drivers, frames, tone) in enumerate(rows):
        out.append(Example(f"t{i:03d}", text, lang, drivers, frames, tone, f"g{i % 6}", "file"))
    return out


@pytest.fixture(scope="session")
def written() -> list[Example]:
    return _written()


@pytest.fixture(scope="session")
def small_fit(written: list[Example]):  # type: ignore[no-untyped-def]
    """A quickly fitted model on the written passages (repeated so every fold has every label)."""
    data = [e.__class__(**{**e.__dict__, "id": f"{e.id}-{k}", "group": f"{e.group}-{k}"})
            for k in range(3) for e in written]
    return fit(data, config=TrainConfig(c_grid=(4.0,), cue_grid=(1.0,), inner_folds=3))
