"""Prototype texts of each built-in hub, embedded once and compared with a story's embedding.

Each hub has short generic descriptions of what its stories are about, in English and Spanish
(the embedding model is multilingual, so both languages land near each other). The "other"
hub has prototypes too, so that a lifestyle or weather story is near something.
Written independently of the labelled evaluation set.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

PROTOTYPES: dict[str, list[str]] = {
    "cybersecurity": [
        "Hackers breached a company's network and stole customer data in a cyberattack.",
        "A ransomware gang encrypted hospital systems and demanded payment.",
        "Security researchers found a critical vulnerability that attackers are exploiting.",
        "A state-backed hacking group ran a cyber espionage campaign against governments.",
        "Un ciberataque de ransomware paraliza los sistemas informáticos de una empresa.",
        "Investigadores de seguridad descubren una vulnerabilidad grave en un programa.",
        "Piratas informáticos roban datos personales de millones de usuarios.",
    ],
    "cloud-ai": [
        "A new artificial intelligence model outperforms rivals on language benchmarks.",
        "The cloud provider is building new data centres to meet demand for AI computing.",
        "Tech companies race to buy GPUs to train large language models.",
        "The company launched a generative AI assistant for its cloud customers.",
        "Una empresa presenta un nuevo modelo de inteligencia artificial generativa.",
        "El proveedor de servicios en la nube abre un centro de datos en Europa.",
        "La demanda de chips para entrenar la IA dispara la inversión en la nube.",
    ],
    "geopolitics": [
        "Tensions rise between two countries after military exercises near the border.",
        "Diplomats met to negotiate a ceasefire in the war.",
        "The government imposed sanctions on a foreign state over its military support.",
        "Allies discussed defence spending and troop deployments at the summit.",
        "El ejército lanza ataques con misiles y aumenta la tensión entre los dos países.",
        "Los ministros de Exteriores negocian un alto el fuego y nuevas sanciones.",
        "La embajada rechaza las acusaciones de espionaje de un gobierno extranjero.",
    ],
    "business": [
        "The company reported higher quarterly profit and its shares rose.",
        "Stock markets fell as investors worried about inflation and interest rates.",
        "The firm agreed to acquire its rival in a multibillion-dollar deal.",
        "The retailer will cut jobs after sales slowed.",
        "La empresa dispara su beneficio y sus acciones suben en bolsa.",
        "El banco central sube los tipos de interés para frenar la inflación.",
        "La compañía anuncia una fusión y un plan de despidos.",
    ],
    "science": [
        "Scientists discovered a new species in a study published in a journal.",
        "Astronomers observed a distant galaxy with a space telescope.",
        "Researchers found that a new treatment slowed the disease in a clinical trial.",
        "Climate scientists measured record ocean temperatures and melting glaciers.",
        "Científicos descubren una nueva especie en un estudio publicado en una revista.",
        "Astrónomos detectan un planeta que orbita una estrella lejana.",
        "Un ensayo clínico muestra que una nueva terapia frena la enfermedad.",
    ],
    "sport": [
        "The team won the match with a late goal and moves top of the league.",
        "The tennis champion reached the final of the tournament.",
        "The driver won the grand prix after starting from pole position.",
        "The coach named the squad for the World Cup qualifiers.",
        "El equipo gana el partido con un gol en el último minuto y lidera la liga.",
        "La tenista se clasifica para la final del torneo.",
        "El entrenador convoca a los jugadores para el Mundial.",
    ],
    "politics": [
        "Voters go to the polls in a tight election between the two main parties.",
        "Parliament passed the bill after a heated debate between government and opposition.",
        "The prime minister reshuffled the cabinet ahead of the campaign.",
        "Lawmakers voted on the budget as the coalition government struggled.",
        "Los votantes acuden a las urnas en unas elecciones muy reñidas.",
        "El Congreso aprueba la ley con los votos del gobierno y sus socios.",
        "El partido de la oposición presenta una moción de censura contra el presidente.",
    ],
    "other": [
        "A heatwave is expected this weekend with temperatures above forty degrees.",
        "The film festival opened with a premiere attended by famous actors.",
        "A new restaurant serves traditional recipes with a modern twist.",
        "Tips for travelling cheaply during the summer holidays.",
        "El festival de música reúne a miles de personas este fin de semana.",
        "La receta tradicional de la abuela para preparar un buen gazpacho.",
        "Las lluvias intensas provocan inundaciones y cortes de tráfico en la ciudad.",
    ],
}


@lru_cache(maxsize=1)
def prototype_matrix() -> tuple[tuple[str, ...], np.ndarray]:
    """(hub slug of each row, unit embeddings of all prototypes)."""
    from newssearcher.stories.embedding import embed_texts

    slugs: list[str] = []
    texts: list[str] = []
    for slug, items in PROTOTYPES.items():
        for text in items:
            slugs.append(slug)
            texts.append(text)
    return tuple(slugs), embed_texts(texts)
