"""Entity extraction from text: English (spaCy NER) and Spanish (rules), aliases resolved."""

from __future__ import annotations

from pathlib import Path

import pytest

from newssearcher.analysis.entities import EntityMention, extract_entities, extract_entities_many
from newssearcher.analysis.entity_rules import find_acronym_definitions, strip_titles
from tests.seeds import seed_records


def by_canonical(mentions: list[EntityMention]) -> dict[str, EntityMention]:
    return {m.canonical: m for m in mentions}


def test_english_acronym_learned_from_text() -> None:
    text = (
        "Engineers at Zentara Quantum Systems (ZQS) unveiled a prototype on Monday. "
        "ZQS said the device would ship next year, and a ZQS spokesperson declined to comment."
    )
    ents = by_canonical(extract_entities(text, "en"))
    assert "Zentara Quantum Systems" in ents
    m = ents["Zentara Quantum Systems"]
    assert m.count >= 3
    assert "ZQS" in m.aliases
    assert "ZQS" not in ents


def test_acronym_definitions_need_matching_initials() -> None:
    defs = find_acronym_definitions(
        "The Organización del Tratado del Atlántico Norte (OTAN) met. Cheap flights (XYZ) rose."
    )
    assert [(d.acronym, d.long_form) for d in defs] == [
        ("OTAN", "Organización del Tratado del Atlántico Norte")
    ]


def test_titles_and_possessives_are_stripped() -> None:
    text = (
        "Chief Executive Marta Lindqvist defended the plan on Tuesday. "
        "Lindqvist's critics said the numbers did not add up, but Lindqvist stood firm."
    )
    ents = by_canonical(extract_entities(text, "en"))
    assert "Marta Lindqvist" in ents
    assert ents["Marta Lindqvist"].kind == "PERSON"
    assert ents["Marta Lindqvist"].count == 3
    assert "Lindqvist" not in ents
    assert strip_titles("President Joe Biden") == "Joe Biden"
    assert strip_titles(["la", "presidenta Ana Ruiz"][1]) == "Ana Ruiz"


def test_same_entity_across_english_and_spanish() -> None:
    en, es = extract_entities_many(
        [
            "The White House said the People's Liberation Army (PLA) was involved. "
            "The PLA did not respond, and the United States kept up pressure.",
            "La Casa Blanca afirmó que el Ejército Popular de Liberación participó. "
            "El ejército chino no respondió y Estados Unidos mantuvo la presión.",
        ],
        ["en", "es"],
    )
    en_c, es_c = set(by_canonical(en)), set(by_canonical(es))
    for name in ("White House", "People's Liberation Army", "United States"):
        assert name in en_c and name in es_c
    assert by_canonical(en)["People's Liberation Army"].count == 3
    assert by_canonical(es)["People's Liberation Army"].count == 2


def test_spanish_rules_find_people_and_organisations() -> None:
    text = (
        "El ministro de Economía, Carlos Cuerpo, se reunió en Bruselas con la dirección de "
        "Industrias Metálicas del Norte. Según Cuerpo, el acuerdo llegará pronto. "
        "Industrias Metálicas del Norte confirmó la reunión."
    )
    ents = by_canonical(extract_entities(text, "es"))
    assert ents["Carlos Cuerpo"].kind == "PERSON"
    assert ents["Carlos Cuerpo"].count == 2
    assert ents["Brussels"].kind == "GPE"
    assert ents["Industrias Metálicas del Norte"].count == 2
    # sentence openers are no entities
    assert not {"El", "Según"} & set(ents)


def test_spanish_caption_inside_english_text() -> None:
    text = (
        "Officials Confirm New Talks\n\n"
        "Imagen generada por IA para: la Casa Blanca niega acusaciones sobre el ejército chino\n\n"
        "The White House said talks with Beijing would resume next week."
    )
    ents = by_canonical(extract_entities(text, "en"))
    assert ents["White House"].count == 2
    assert "People's Liberation Army" in ents
    assert "Beijing" in ents
    names = {m.name for m in extract_entities(text, "en")}
    assert not {"de la", "Imagen", "IA", "Casa"} & names


def test_empty_and_odd_input() -> None:
    assert extract_entities("", "en") == []
    assert extract_entities("   \n\n ", "es") == []
    assert extract_entities("1234 5678 !!!", None) == []
    with pytest.raises(ValueError, match="languages"):
        extract_entities_many(["a", "b"], ["en"])


def test_seed_articles(shared_dir: Path) -> None:
    records = seed_records(shared_dir)
    assert len(records) == 2
    results = extract_entities_many([f"{r['title']}\n\n{r['text']}" for r in records], ["en", "en"])
    for mentions in results:
        ents = by_canonical(mentions)
        assert {"Alibaba", "White House", "People's Liberation Army"} <= set(ents)
        assert ents["Alibaba"].kind == "ORG"
        assert ents["Alibaba"].count >= 5
    second = by_canonical(results[1])
    # "Alibaba Group" is the company; "Alibaba Cloud" its cloud arm, kept apart
    assert "Alibaba Group" in second["Alibaba"].aliases
    assert "Alibaba Cloud" in second and second["Alibaba Cloud"].kind == "ORG"
    assert "PLA" in second["People's Liberation Army"].aliases
    assert "Casa Blanca" in second["White House"].aliases


def test_spanish_people_joined_by_y_are_split_and_surnames_merge() -> None:
    text = (
        "Ana Beltrán y Óscar Puente se reunieron en Castilla y León con el Ministerio de "
        "Trabajo y Economía Social. Puente anunció después un plan, y José María "
        "Álvarez-Pallete lo apoyó. Álvarez-Pallete habló al final."
    )
    ents = by_canonical(extract_entities(text, "es"))
    assert ents["Ana Beltrán"].kind == "PERSON"
    assert ents["Óscar Puente"].count == 2
    assert ents["José María Álvarez-Pallete"].count == 2
    assert ents["Castilla y León"].kind == "GPE"
    assert "Ministerio de Trabajo y Economía Social" in ents
    assert not any(
        " y " in name and name != "Castilla y León" for name in ents if "Ministerio" not in name
    )
