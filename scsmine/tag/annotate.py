"""Annotation round trip with Label Studio and doccano (CODEBOOK.md §1-3 labels).

* Export: passages (with model pre-annotations) as Label Studio tasks
  (JSON) or doccano text-classification records (JSONL, labels spelled
  ``driver:finance``, ``frame:rule_of_law``, ``tone:neutral``).
* Import: the tools' exports back into the labelled JSONL that
  ``scsmine train``, ``evaluate`` and ``agreement`` read
  (``id``, ``text``, ``lang``, ``drivers``, ``frames``, ``tone``, ``coder``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from scsmine.core.errors import InputError, UsageError
from scsmine.tag.codebook import DEFAULT_LABELS
from scsmine.tag.dataset import read_jsonl
from scsmine.tag.taggers import Classified

__all__ = ["FORMATS", "export_tasks", "import_annotations", "label_studio_config"]

FORMATS = ("label-studio", "doccano")
_FIELDS = (("drivers", "driver"), ("frames", "frame"), ("tone", "tone"))


def label_studio_config() -> str:
    """A Label Studio labelling interface for the codebook's labels."""
    parts = ['<View>', '  <Text name="text" value="$text"/>']
    for name, kind in _FIELDS:
        choice = "single" if kind == "tone" else "multiple"
        parts.append(f'  <Header value="{name}"/>')
        parts.append(f'  <Choices name="{name}" toName="text" choice="{choice}" showInline="true">')
        parts += [f'    <Choice value="{label}"/>' for label in DEFAULT_LABELS[kind]]
        parts.append("  </Choices>")
    parts.append("</View>")
    return "\n".join(parts) + "\n"


def _ls_task(n: int, rec: dict[str, Any], pred: Classified | None, model: str) -> dict[str, Any]:
    task: dict[str, Any] = {"id": n, "data": {"id": rec["id"], "text": rec["text"], "lang": rec.get("lang") or ""}}
    if pred is not None:
        result = [{"id": name, "from_name": name, "to_name": "text", "type": "choices",
                   "value": {"choices": list(getattr(pred, name)) if kind != "tone" else [pred.tone]}}
                  for name, kind in _FIELDS]
        task["predictions"] = [{"model_version": model, "result": result}]
    return task


def _doccano(rec: dict[str, Any], pred: Classified | None) -> dict[str, Any]:
    labels = []
    if pred is not None:
        labels = [f"driver:{d}" for d in pred.drivers] + [f"frame:{f}" for f in pred.frames] + [f"tone:{pred.tone}"]
    return {"id": rec["id"], "text": rec["text"], "label": labels, "meta": {"lang": rec.get("lang") or ""}}


def export_tasks(records: Sequence[dict[str, Any]], predictions: Sequence[Classified] | None, fmt: str,
                 output: Path, model: str = "") -> int:
    """Write annotation tasks; returns how many.

    Raises:
        UsageError: Unknown format.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown annotation format {fmt!r}", f"use one of {', '.join(FORMATS)}")
    preds: Iterable[Classified | None] = predictions if predictions is not None else [None] * len(records)
    pairs = list(zip(records, preds, strict=True))
    output.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "label-studio":
        tasks = [_ls_task(n, rec, pred, model) for n, (rec, pred) in enumerate(pairs, 1)]
        output.write_text(json.dumps(tasks, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        output.with_name(output.name + ".label_config.xml").write_text(label_studio_config(), encoding="utf-8")
    else:
        with output.open("w", encoding="utf-8") as handle:
            for rec, pred in pairs:
                handle.write(json.dumps(_doccano(rec, pred), ensure_ascii=False) + "\n")
    return len(pairs)


def _from_choices(result: list[dict[str, Any]], where: str) -> dict[str, Any]:
    out: dict[str, Any] = {"drivers": [], "frames": [], "tone": None}
    for item in result:
        name = item.get("from_name")
        choices = (item.get("value") or {}).get("choices") or []
        if name in ("drivers", "frames"):
            out[name] = list(choices)
        elif name == "tone":
            out["tone"] = choices[0] if choices else None
    return _checked(out, where)


def _checked(out: dict[str, Any], where: str) -> dict[str, Any]:
    for field, kind in _FIELDS:
        values = out[field] if kind != "tone" else [out[field]]
        for v in values:
            if v not in DEFAULT_LABELS[kind]:
                raise InputError(f"{where}: {field} label {v!r} is not in the codebook",
                                 f"use {', '.join(DEFAULT_LABELS[kind])}")
    return out


def _label_studio(path: Path) -> list[dict[str, Any]]:
    try:
        tasks = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not valid JSON at line {exc.lineno} ({exc.msg})", "export again as JSON") from None
    if not isinstance(tasks, list):
        raise InputError(f"{path}: a Label Studio export is a JSON list of tasks", "export with the JSON format")
    out = []
    for n, task in enumerate(tasks, 1):
        done = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
        if not done:
            continue
        data = task.get("data") or {}
        ann = done[-1]
        labels = _from_choices(ann.get("result") or [], f"{path}: task {n}")
        coder = str(ann.get("completed_by", ""))
        out.append({"id": data.get("id", task.get("id")), "text": data.get("text", ""), "lang": data.get("lang", ""),
                    **labels, "coder": coder})
    return out


def _doccano_import(path: Path) -> list[dict[str, Any]]:
    out = []
    for number, obj in read_jsonl(path):
        where = f"{path}:{number}"
        labels: dict[str, Any] = {"drivers": [], "frames": [], "tone": None}
        for raw in obj.get("label") or obj.get("labels") or obj.get("cats") or []:
            name = raw[-1] if isinstance(raw, list) else str(raw)
            kind, _, label = name.partition(":")
            if kind == "driver":
                labels["drivers"].append(label)
            elif kind == "frame":
                labels["frames"].append(label)
            elif kind == "tone":
                labels["tone"] = label
            else:
                raise InputError(f"{where}: label {name!r} has no driver:, frame: or tone: prefix",
                                 "name labels as exported, e.g. driver:finance")
        meta = obj.get("meta") or {}
        out.append({"id": obj.get("id"), "text": obj.get("text", ""), "lang": meta.get("lang", obj.get("lang", "")),
                    **_checked(labels, where), "coder": str(obj.get("user", ""))})
    return out


def import_annotations(path: Path, fmt: str | None = None) -> list[dict[str, Any]]:
    """Labelled records from a Label Studio JSON or doccano JSONL export.

    Passages nobody annotated are skipped (Label Studio); a record without a
    tone raises, because every passage needs one (CODEBOOK §3).

    Raises:
        InputError: Malformed export or unknown label (names the task or line).
        UsageError: Unknown format.
    """
    if not path.is_file():
        raise UsageError(f"annotation file {path} does not exist", "check the path")
    fmt = fmt or ("label-studio" if path.suffix.lower() == ".json" else "doccano")
    if fmt not in FORMATS:
        raise UsageError(f"unknown annotation format {fmt!r}", f"use one of {', '.join(FORMATS)}")
    return _label_studio(path) if fmt == "label-studio" else _doccano_import(path)
