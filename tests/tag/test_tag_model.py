"""The stored model equals the scikit-learn pipeline it was exported from."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from scsmine.tag.features import analyze_many, cue_block, matchers_for, tfidf
from scsmine.tag.model import LinearModel
from scsmine.tag.taggers import LinearTagger, default_model, default_model_path
from scsmine.tag.train import best_threshold, platt, sk_design, stack_inputs

SAMPLE = [
    ("Banks refuse loans to people on the blacklist of judgment defaulters.", "en"),
    ("地方政府应当履行向企业依法作出的政策承诺，不得拖欠账款。", "zh"),
    ("社會信用體系建設有助於優化營商環境。", None),
    ("Surveillance cameras and big data feed the scores, critics warn.", None),
    ("混合 text 文本 with both 语言 and scripts: credit 征信.", None),
]


def _sk_probabilities(fitted, texts, langs):  # type: ignore[no-untyped-def]
    model = fitted.model
    analyzed = analyze_many(texts, langs, model.config)
    cues = cue_block(analyzed, matchers_for(model.codebook), model.config.lang_cues)
    out = []
    for j, est in enumerate(fitted.estimators):
        x = sk_design((fitted.word_vectorizer, fitted.char_vectorizer), analyzed, cues, model.config,
                      fitted.cue_weights[j])
        raw = est.decision_function(x) if est is not None else np.full(len(texts), model.intercept[j])
        if fitted.stackers[j] is not None:
            raw = fitted.stackers[j].decision_function(stack_inputs(raw, cues, j))
        out.append(1.0 / (1.0 + np.exp(model.calib_a[j] * raw + model.calib_b[j])))
    return np.column_stack(out)


def test_tfidf_equals_sklearn(small_fit) -> None:  # type: ignore[no-untyped-def]
    analyzed = analyze_many([t for t, _ in SAMPLE], [lang for _, lang in SAMPLE], small_fit.model.config)
    for vec, vocab, docs in ((small_fit.word_vectorizer, small_fit.model.words, [a.words for a in analyzed]),
                             (small_fit.char_vectorizer, small_fit.model.chars, [a.chars for a in analyzed])):
        np.testing.assert_allclose(tfidf(docs, vocab).toarray(), vec.transform(docs).toarray(), atol=1e-12)


def test_saved_model_predicts_like_sklearn(small_fit, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "m.json.gz"
    version = small_fit.model.save(path)
    loaded = LinearModel.load(path)
    assert loaded.version == version and version.startswith("1+")
    texts, langs = [t for t, _ in SAMPLE], [lang for _, lang in SAMPLE]
    expected = _sk_probabilities(small_fit, texts, langs)
    exact = small_fit.model.scores(texts, langs)
    n = len(exact.labels)
    tone = expected[:, n:] / expected[:, n:].sum(axis=1, keepdims=True)
    np.testing.assert_allclose(exact.proba, expected[:, :n], atol=1e-9)
    np.testing.assert_allclose(exact.tone_proba, tone, atol=1e-9)
    # The file holds the coefficients in half precision: probabilities move by less than 1e-3.
    got = loaded.scores(texts, langs)
    np.testing.assert_allclose(got.proba, expected[:, :n], atol=1e-3)
    np.testing.assert_allclose(got.tone_proba, tone, atol=1e-3)
    assert np.abs(got.proba - expected[:, :n]).max() > 0, "the saved coefficients should be rounded"


def test_model_file_errors(tmp_path: Path) -> None:
    from scsmine.core.errors import TaggerError

    with pytest.raises(TaggerError, match="does not exist"):
        LinearModel.load(tmp_path / "none.json.gz")
    bad = tmp_path / "bad.json.gz"
    bad.write_bytes(b"not gzip")
    with pytest.raises(TaggerError, match="cannot be read"):
        LinearModel.load(bad)


def test_shipped_model_is_small_and_loads_without_sklearn_objects() -> None:
    path = default_model_path()
    assert path.stat().st_size < 5_000_000
    model = default_model()
    assert model.codebook.version == "1.1"
    assert [k for k, _ in model.labels].count("driver") == 4
    assert model.meta["passages"] >= 358


def test_shipped_model_on_written_passages(written) -> None:  # type: ignore[no-untyped-def]
    tagger = LinearTagger()
    out = tagger.classify([e.text for e in written], [e.lang for e in written])
    right = sum(set(o.drivers) == set(e.drivers) for o, e in zip(out, written, strict=True))
    assert right >= len(written) * 0.6


@pytest.mark.slow
def test_shipped_model_matches_a_fresh_fit(labelled) -> None:  # type: ignore[no-untyped-def]
    from scsmine.tag.train import fit

    fresh = fit(labelled).model
    shipped = default_model()
    texts = [e.text for e in labelled[::7]]
    a = fresh.scores(texts, [None] * len(texts))
    b = shipped.scores(texts, [None] * len(texts))
    assert float(np.mean(a.chosen == b.chosen)) >= 0.97


def test_platt_and_threshold() -> None:
    scores = np.array([-3.0, -2.0, -1.0, 0.5, 1.0, 2.0, 3.0, 4.0])
    y = np.array([0, 0, 0, 1, 0, 1, 1, 1])
    a, b = platt(scores, y)
    p = 1.0 / (1.0 + np.exp(a * scores + b))
    assert a < 0 and np.all(np.diff(p) > 0)
    t = best_threshold(p, y)
    assert 0.1 <= t <= 0.9
    assert platt(scores, np.zeros(8)) == (-1.0, 0.0)
    assert best_threshold(p, np.zeros(8)) == 0.9


def test_latin_char_ngrams_are_optional() -> None:
    from scsmine.tag.features import FeatureConfig, analyze

    plain = analyze("Credit scores", "en", FeatureConfig())
    assert plain.chars == []
    grams = analyze("Credit scores 信用", "en", FeatureConfig(latin_char_max=4)).chars
    assert {" cr", "cre", "res ", "信", "信用"} <= set(grams) and "credit" not in grams


def test_numpy_han_ngrams_equal_the_string_ngrams(shared: Path) -> None:
    """The prediction path counts Han n-grams with numpy (HanIndex); the features must not change."""
    import json

    model = default_model()
    texts = [json.loads(line)["text"] for line in (shared / "gold" / "passages.jsonl").open(encoding="utf-8")]
    texts += ["", "   ", "㐀㐁䶵 豈更車 edge ranges", "社會信用體系 mixed English 文字", "a一豈b鿿㐀",
              "信" * 3000, "𠀀𠀁信用 (extension B is not counted)", "信用\n中国", "x"]
    langs = [None] * len(texts)
    strings = model.design(analyze_many(texts, langs, model.config))
    packed = model.design(analyze_many(texts, langs, model.config, han_grams=False), han_in_chars=False)
    assert strings.nnz == packed.nnz > 0
    assert abs(strings - packed).max() == 0.0
    assert model.han_index is not None and len(model.han_index.keys) > 10_000
