from newssearcher.summary.sentences import split_document, split_paragraph


def test_splits_on_sentence_ends_not_abbreviations_or_initials() -> None:
    text = (
        "Mr. Smith met Dr. Jones in Washington, D.C. on Monday. The U.S. Army said so. "
        "J. K. Rowling was not there! Was anyone? “Yes,” he said."
    )
    assert split_paragraph(text) == [
        "Mr. Smith met Dr. Jones in Washington, D.C. on Monday.",
        "The U.S. Army said so.",
        "J. K. Rowling was not there!",
        "Was anyone?",
        "“Yes,” he said.",
    ]


def test_spanish_openers_and_closing_quotes() -> None:
    text = 'La empresa lo negó. ¿Por qué? "Es falso." El Sr. Pérez habló.'
    assert split_paragraph(text) == [
        "La empresa lo negó.",
        "¿Por qué?",
        '"Es falso."',
        "El Sr. Pérez habló.",
    ]


def test_documents_keep_paragraph_and_position() -> None:
    doc = "Headline without a stop\n\nFirst sentence here. Second one.\n \nThird."
    sents = split_document(doc, doc=3)
    assert [s.text for s in sents] == [
        "Headline without a stop",
        "First sentence here.",
        "Second one.",
        "Third.",
    ]
    assert [s.position for s in sents] == [0, 1, 2, 3]
    assert [s.paragraph for s in sents] == [0, 1, 1, 2]
    assert {s.doc for s in sents} == {3}


def test_empty_text() -> None:
    assert split_document("") == []
    assert split_document(" \n\n ") == []
