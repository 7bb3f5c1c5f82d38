"""A small invented story told by three English outlets and one Spanish one (test data)."""

from __future__ import annotations

EN_A = (
    "The city council of Northbridge voted on Tuesday to close the old harbour bridge to all "
    "traffic after engineers found deep cracks in its main supports. "
    "Engineers from the regional transport agency said the cracks had grown quickly during "
    "the winter storms. "
    "The mayor, Helen Ortiz, told reporters that the bridge would stay closed until a full "
    "inspection was complete. "
    "About 20,000 vehicles cross the bridge every day, according to the agency. "
    "Local businesses warned that the closure could cost them customers during the busy summer "
    "season."
)
EN_B = (
    "Northbridge has shut its old harbour bridge. "
    "The city council of Northbridge voted on Tuesday to close the old harbour bridge to all "
    "traffic after engineers found deep cracks in its main supports. "
    "A ferry service will run every fifteen minutes between the two banks while the bridge is "
    "closed, the council said in a statement. "
    "Drivers have been told to use the ring road, which adds about twenty minutes to the "
    "journey across the river. "
    "The bridge was built in 1911 and was last repaired more than thirty years ago."
)
EN_C = (
    "Residents of Northbridge queued for the first emergency ferries on Wednesday morning as "
    "the harbour bridge stayed closed. "
    "Several commuters complained that the ferry timetable had not been published online in "
    "time for the morning rush. "
    "The council promised that the timetable would be posted on its website by the end of the "
    "day."
)
ES_D = (
    "El ayuntamiento de Northbridge votó el martes cerrar el viejo puente del puerto a todo el "
    "tráfico después de que los ingenieros encontraran grietas profundas en sus soportes "
    "principales. "
    "La alcaldesa, Helen Ortiz, dijo a los periodistas que el puente seguirá cerrado hasta que "
    "termine una inspección completa."
)
