"""summary stage: cited multi-document summaries, translations and the story timeline.

* ``extractive.summarise(documents)`` — offline extractive summary, every sentence cited;
* ``abstractive.summarise_abstractive`` — optional rewrite through an OpenAI-compatible
  endpoint (``llm.ChatClient``), falling back to the extractive summary with a reason;
* ``translate.translate_summary`` — English ↔ Spanish through the same optional endpoint;
* ``story_summary.update_story_summary(session, story, settings)`` — writes ``Story.summary``;
* ``timeline.build_timeline(session, story_id)`` — articles and claims in time order.
"""
